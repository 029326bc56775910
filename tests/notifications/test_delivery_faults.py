"""The outbox against the real thing: a `celery worker` subprocess consuming from Redis,
PostgreSQL, and an SMTP sink. Nothing is lost and nothing is sent twice when Redis is down,
when a worker is killed mid-send, or when several sweepers run at once.

They run when REDIS_URL is set and the database is PostgreSQL (see tests/conftest.py).
"""

import os
import threading
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db import close_old_connections, connection, transaction
from django.urls import reverse

from cja_site.celery import app as celery_app
from contact.forms import started_token
from contact.models import ContactMessage
from notifications.models import Email
from notifications.services import (
    EmailDraft,
    email_queue,
    emails_enqueue_batch,
    emails_queue_bulk,
    emails_sweep,
)

from .outbox_harness import CeleryWorker, SmtpSink, database_url, wait_until

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

STALE_SECONDS = 1


@pytest.fixture(autouse=True)
def real_broker(settings, monkeypatch):
    """Tasks go to Redis (not run in-process); templates include the test greeting."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    settings.OUTBOX_STALE_SENDING_SECONDS = STALE_SECONDS
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {**engine, "DIRS": [*engine["DIRS"], Path(__file__).parent / "templates"]}
    ]


@pytest.fixture
def sink():
    with SmtpSink() as smtp_sink:
        yield smtp_sink


@pytest.fixture
def start_worker(transactional_db, settings, sink):
    """Start a real worker on the test database, delivering to the sink; killed at teardown."""
    workers = []
    env = {
        "DATABASE_URL": database_url(settings.DATABASES["default"]),
        "DATABASE_POOL": "false",
        "CONN_MAX_AGE": "0",
        "REDIS_URL": os.environ["REDIS_URL"],
        "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
        "OUTBOX_STALE_SENDING_SECONDS": str(STALE_SECONDS),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }

    def start(concurrency=1):
        keys = {"ENCRYPTION_KEYS": ",".join(settings.ENCRYPTION_KEYS)}
        worker = CeleryWorker(env=env | keys, concurrency=concurrency).start()
        workers.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in workers:
        worker.close()


def queue_greeting(key):
    with transaction.atomic():
        return email_queue(
            key=key, to=["ada@example.org"], template="greeting", context={"name": "Ada"}
        )


def queue_is_drained():
    with celery_app.connection_for_write() as conn:
        return conn.default_channel.client.llen("celery") == 0


def assert_each_sent_once(sink, keys):
    """Every key reached the sink exactly once, also after the queue has drained."""
    wait_until(
        lambda: set(sink.keys()) >= set(keys), timeout=30, what=f"delivery of {sorted(keys)}"
    )
    wait_until(queue_is_drained, timeout=30, what="the worker to drain the queue")
    wait_until(
        lambda: Email.objects.filter(key__in=keys, status=Email.Status.SENT).count() == len(keys),
        timeout=10,
        what="the rows to be marked sent",
    )
    assert sink.keys() == dict.fromkeys(keys, 1)


def test_a_real_worker_delivers_a_queued_email_exactly_once(start_worker, sink):
    start_worker()
    queue_greeting("faults-a")
    assert_each_sent_once(sink, ["faults-a"])
    message = sink.messages[0]
    assert message["Subject"] == "Hello Ada"
    assert message["To"] == "ada@example.org"


def test_a_real_worker_sends_a_batch_over_one_smtp_connection(start_worker, sink):
    start_worker()
    keys = [f"faults-batch-{n}" for n in range(25)]
    with transaction.atomic():
        ids = emails_queue_bulk(
            drafts=[
                EmailDraft(key=key, to=[f"{key}@example.org"], template="greeting", context={})
                for key in keys
            ]
        )
        transaction.on_commit(lambda: emails_enqueue_batch(email_ids=ids))
    assert_each_sent_once(sink, keys)
    assert list(sink.connections.values()) == [25]


def test_a_real_worker_opens_a_sealed_email_with_the_key_from_settings_and_wipes_it(
    start_worker, sink, settings
):
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    start_worker()
    with transaction.atomic():
        email_queue(
            key="faults-sealed",
            to=["ada@example.org"],
            template="greeting",
            context={"name": "Ada"},
            carries_secret=True,
        )
    assert "Dear Ada" not in Email.objects.get(key="faults-sealed").text_body
    assert_each_sent_once(sink, ["faults-sealed"])
    plain = next(p for p in sink.messages[0].walk() if p.get_content_type() == "text/plain")
    assert "Dear Ada" in plain.get_payload(decode=True).decode()
    email = Email.objects.get(key="faults-sealed")
    assert (email.text_body, email.html_body) == ("", "")


def test_the_contact_form_works_with_redis_down_and_is_delivered_after(
    client, settings, start_worker, sink
):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    live_caches = settings.CACHES
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "subject": "expert-group",
        "message": "I would like to join the expert group.",
        "contact_preference": "email",
        "started": started_token(),
    }
    with pytest.MonkeyPatch.context() as redis_down:
        # Redis is both the broker and the cache (the rate limit): take both away.
        redis_down.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
        redis_down.setattr(celery_app, "_pool", None)
        redis_down.setattr(celery_app.amqp, "_producer_pool", None)
        down = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
        settings.CACHES = {"default": down, "pages": down}
        response = client.post(reverse("contact:form"), data)
    settings.CACHES = live_caches

    assert response.status_code == 302
    assert response["Location"] == reverse("contact:thank-you")
    message = ContactMessage.objects.get()
    keys = [f"contact-{message.pk}-staff-alert", f"contact-{message.pk}-acknowledgement"]
    assert set(Email.objects.values_list("key", flat=True)) == set(keys)
    assert set(Email.objects.values_list("status", flat=True)) == {Email.Status.PENDING}
    assert queue_is_drained(), "nothing reached the broker while it was down"

    start_worker()
    assert emails_sweep() == 2
    assert_each_sent_once(sink, keys)


def test_a_worker_killed_mid_send_loses_nothing_and_sends_once(start_worker, sink):
    sink.hold = True
    first = start_worker()
    email = queue_greeting("faults-c")
    assert sink.recipient_seen.wait(timeout=30), "the worker never reached the SMTP server"
    first.kill()
    email.refresh_from_db()
    assert email.status == Email.Status.SENDING
    assert sink.messages == []

    sink.hold = False
    start_worker()

    # What beat does every minute: sweep until the row left in "sending" goes out again.
    def swept_and_sent():
        emails_sweep()
        email.refresh_from_db()
        return email.status == Email.Status.SENT

    wait_until(swept_and_sent, timeout=30, what="the sweeper to resend", interval=0.25)
    assert_each_sent_once(sink, ["faults-c"])
    assert email.attempts == 2


def test_concurrent_sweeps_send_each_email_once(start_worker, sink):
    keys = [f"faults-d-{n}" for n in range(20)]
    Email.objects.bulk_create(
        Email(key=key, to=["ada@example.org"], subject=key, text_body="Hello") for key in keys
    )
    start_worker(concurrency=2)
    barrier = threading.Barrier(4)
    enqueued = []

    def sweep():
        try:
            barrier.wait(timeout=10)
            for _ in range(3):
                enqueued.append(emails_sweep())
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sum(enqueued) >= len(keys), "every email was enqueued at least once"
    assert_each_sent_once(sink, keys)
