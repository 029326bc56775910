"""Email updates: a new publication announced to 10,000 followers, from the periodic job through
Redis and one real Celery worker (queueing the emails, then sending them in batches over one
SMTP connection each) to a local SMTP sink. Reports emails per second (target: 200 or more).

Needs REDIS_URL and DATABASE_URL (PostgreSQL), as in production. It migrates that database,
records what is already public as announced (as a first deployment would), adds followers whose
addresses start "bench-", and deletes them, their emails and its publication afterwards.
"""

import os
import time
import uuid

FOLLOWERS = 10_000
QUEUE = "bench-updates"
TARGET_PER_SECOND = 200
# As `make worker` runs it: one worker, two processes (the machine has two cores).
CONCURRENCY = 2


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

    celery_app.conf.task_default_queue = QUEUE
    celery_app.conf.task_always_eager = False
    run_id = uuid.uuid4().hex[:8]
    try:
        return _announce(run_id, redis_url, database_url)
    finally:
        _clean_up(run_id)


def _followers(run_id: str) -> None:
    from django.utils import timezone

    from subscriptions.models import Subscriber, Subscription

    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"bench-{run_id}-{n}@example.invalid", status="confirmed")
            for n in range(FOLLOWERS)
        ],
        batch_size=2000,
    )
    Subscription.objects.bulk_create(
        [
            Subscription(
                subscriber=subscriber,
                target="publications",
                consent_text="Benchmark follower.",
                confirmed_at=now,
                confirmed_how="benchmark",
            )
            for subscriber in subscribers
        ],
        batch_size=2000,
    )


def _announce(run_id: str, redis_url: str, database_url: str) -> str:
    from django.utils import timezone

    from cja_site.celery import app as celery_app
    from publications.models import Publication
    from subscriptions.models import Announcement
    from subscriptions.services import announcements_record
    from subscriptions.tasks import announce_new_items
    from tests.notifications.outbox_harness import CeleryWorker, SmtpSink, wait_until

    announcements_record(baseline=True)
    _followers(run_id)
    with celery_app.connection_for_write() as conn:
        conn.default_channel.client.delete(QUEUE)
    with SmtpSink() as sink:
        worker = CeleryWorker(
            env={
                "DJANGO_SETTINGS_MODULE": "bench.updates_settings",
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_url,
                "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "LOG_LEVEL": "WARNING",
            },
            concurrency=CONCURRENCY,
            queue=QUEUE,
        )
        try:
            worker.start().wait_ready(timeout=60)
            started = time.perf_counter()
            Publication.objects.create(
                title=f"Benchmark publication {run_id}",
                slug=f"bench-{run_id}",
                summary="A benchmark.",
                published_on=timezone.localdate(),
                status="published",
            )
            announce_new_items.delay()
            wait_until(
                lambda: Announcement.objects.filter(
                    publication__slug=f"bench-{run_id}", emails_queued_at__isnull=False
                ).exists(),
                timeout=600,
                what="every follower's email to be queued",
                interval=0.1,
            )
            queued = time.perf_counter()
            wait_until(
                lambda: len(sink.messages) >= FOLLOWERS,
                timeout=900,
                what=f"{FOLLOWERS} emails at the sink",
                interval=0.1,
            )
            delivered = time.perf_counter()
            cpu_seconds = _cpu_seconds(process_group=worker.process.pid)
        finally:
            worker.close()
    with_header = sum(1 for m in sink.messages if m["List-Unsubscribe-Post"])
    rate = FOLLOWERS / (delivered - started)
    verdict = "meets" if rate >= TARGET_PER_SECOND else "MISSES"
    load = os.getloadavg()[0]
    return (
        f"announcement to {FOLLOWERS:,} followers, one worker (concurrency {CONCURRENCY}): emails queued "
        f"(rendered, sealed, bulk-inserted) in {queued - started:.1f} s; all delivered to the "
        f"SMTP sink in {delivered - started:.1f} s = {rate:.0f} emails/s ({verdict} the "
        f"{TARGET_PER_SECOND}/s target) over {len(sink.connections)} SMTP connections; "
        f"{with_header:,} with List-Unsubscribe-Post.\n"
        f"The machine's load average was {load:.1f} on {os.cpu_count()} cores; the worker's "
        f"processes used {cpu_seconds:.1f} CPU-seconds, {FOLLOWERS / cpu_seconds:.0f} emails "
        f"per CPU-second (what {CONCURRENCY} processes on idle cores would each approach)"
    )


def _cpu_seconds(*, process_group: int) -> float:
    """User + system CPU time of every live process in a process group (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command name: state, ppid, pgrp (index 2), ..., utime (11), stime (12).
        if int(fields[2]) == process_group:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def _clean_up(run_id: str) -> None:
    from notifications.models import Email
    from publications.models import Publication
    from subscriptions.models import Announcement, Subscriber

    announcement = Announcement.objects.filter(publication__slug=f"bench-{run_id}").first()
    if announcement is not None:
        Email.objects.filter(key__endswith=f"-announcement-{announcement.pk}").delete()
    Publication.objects.filter(slug=f"bench-{run_id}").delete()
    Subscriber.objects.filter(email__startswith=f"bench-{run_id}-").delete()
