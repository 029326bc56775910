"""The email outbox: emails per second from `email_queue` through Redis and one real Celery
worker to a local SMTP sink, and what queueing costs in SQL queries.

Needs REDIS_URL and DATABASE_URL (PostgreSQL), as in production. It migrates that database,
writes rows with keys starting "bench-" and deletes them afterwards. Its tasks go to a queue of
their own, so a worker already running elsewhere never sends them.
"""

import os
import time
import uuid

EMAILS = 300
QUEUE = "bench-outbox"


def run() -> str:
    redis_url = os.environ.get("REDIS_URL", "")
    database_url = os.environ.get("DATABASE_URL", "")
    if not redis_url or not database_url.startswith(("postgres://", "postgresql://")):
        return "skipped: needs REDIS_URL and DATABASE_URL (PostgreSQL) set, and both running"

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cja_site.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from cja_site.celery import app as celery_app
    from notifications.models import Email

    celery_app.conf.task_routes = {"notifications.tasks.deliver_email": {"queue": QUEUE}}
    run_id = uuid.uuid4().hex[:8]
    try:
        lines = [_queueing_cost(run_id)]
        lines.append(_throughput(run_id, redis_url, database_url))
    finally:
        Email.objects.filter(key__startswith=f"bench-{run_id}-").delete()
    return "\n".join(lines)


def _queue(key: str):
    from contact.models import ContactMessage
    from notifications.services import email_queue

    contact = ContactMessage(
        name="Ada Lovelace", email="ada@example.invalid", message="A benchmark message."
    )
    return email_queue(
        key=key,
        to=["ada@example.invalid"],
        template="contact_acknowledgement",
        context={"contact": contact, "quote_message": True},
    )


def _queueing_cost(run_id: str) -> str:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with transaction.atomic(), CaptureQueriesContext(connection) as new:
        _queue(f"bench-{run_id}-cost")
        transaction.set_rollback(True)
    with transaction.atomic():
        _queue(f"bench-{run_id}-cost")
        with CaptureQueriesContext(connection) as repeat:
            _queue(f"bench-{run_id}-cost")
        transaction.set_rollback(True)
    return (
        f"queueing: {len(new)} SQL queries per new email_queue() call "
        f"(SELECT, SAVEPOINT, INSERT, RELEASE), {len(repeat)} for a key already queued"
    )


def _throughput(run_id: str, redis_url: str, database_url: str) -> str:
    from django.db import transaction

    from cja_site.celery import app as celery_app
    from notifications.models import Email
    from tests.notifications.outbox_harness import CeleryWorker, SmtpSink, wait_until

    with celery_app.connection_for_write() as conn:
        conn.default_channel.client.delete(QUEUE)
    with SmtpSink() as sink:
        worker = CeleryWorker(
            env={
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_url,
                "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "LOG_LEVEL": "WARNING",
            },
            concurrency=1,
            queue=QUEUE,
        )
        try:
            worker.start().wait_ready(timeout=60)
            started = time.perf_counter()
            with transaction.atomic():
                for n in range(EMAILS):
                    _queue(f"bench-{run_id}-{n}")
            queued = time.perf_counter()
            wait_until(
                lambda: len(sink.messages) >= EMAILS,
                timeout=300,
                what=f"{EMAILS} emails at the sink",
            )
            delivered = time.perf_counter()
        finally:
            worker.close()
    sent = Email.objects.filter(key__startswith=f"bench-{run_id}-", status="sent").count()
    return (
        f"delivery: {EMAILS} emails queued in one transaction in {queued - started:.2f} s "
        f"({EMAILS / (queued - started):.0f}/s including enqueueing to Redis); "
        f"delivered to the SMTP sink by one worker (concurrency 1) in "
        f"{delivered - started:.2f} s = {EMAILS / (delivered - started):.0f} emails/s; "
        f"{sent} rows marked sent, {len(sink.messages)} messages received"
    )
