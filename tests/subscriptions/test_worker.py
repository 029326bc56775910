"""An announcement through Redis and a real `celery worker` to an SMTP sink: each follower's
email arrives once, with the one-click unsubscribe headers, over one connection per batch.

Runs when REDIS_URL is set and the database is PostgreSQL (see tests/conftest.py)."""

import datetime
import os

import pytest
from django.core import mail

from cja_site.celery import app as celery_app
from notifications.models import Email
from subscriptions.models import Announcement
from subscriptions.tasks import announce_new_items
from tests.notifications.outbox_harness import CeleryWorker, SmtpSink, database_url, wait_until
from tests.publications.factories import PublicationFactory

from .factories import follower

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

FOLLOWERS = 30


@pytest.fixture
def worker(settings, monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    with celery_app.connection_for_write() as conn:
        conn.default_channel.client.delete("celery")
    with SmtpSink() as sink:
        env = {
            "DATABASE_URL": database_url(settings.DATABASES["default"]),
            "DATABASE_POOL": "false",
            "CONN_MAX_AGE": "0",
            "REDIS_URL": os.environ["REDIS_URL"],
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "OUTBOX_BATCH_SIZE": "10",
            "ENCRYPTION_KEYS": ",".join(settings.ENCRYPTION_KEYS),
        }
        process = CeleryWorker(env=env, concurrency=2).start()
        try:
            process.wait_ready()
            yield sink
        finally:
            process.close()


def test_an_announcement_reaches_every_follower_once_through_a_real_worker(worker):
    sink = worker
    addresses = {f"w{n}@example.org" for n in range(FOLLOWERS)}
    for address in addresses:
        follower(email=address)
    PublicationFactory(title="Worker news", published_on=datetime.date.today())

    announce_new_items.delay()

    wait_until(lambda: len(sink.messages) >= FOLLOWERS, timeout=60, what="every follower's email")
    wait_until(
        lambda: Email.objects.filter(status=Email.Status.SENT).count() == FOLLOWERS,
        timeout=30,
        what="the rows to be marked sent",
    )
    assert sorted(m["To"] for m in sink.messages) == sorted(addresses)
    for message in sink.messages:
        assert message["Subject"] == "New briefing: Worker news"
        assert message["List-Unsubscribe"].startswith("<http")
        assert "/updates/unsubscribe/" in message["List-Unsubscribe"]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Batches of 10 over one connection each (a retry would add one).
    assert sorted(sink.connections.values()) == [10, 10, 10]
    assert Announcement.objects.get().emails_queued_at is not None
    assert mail.outbox == []
