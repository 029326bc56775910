"""A reply to a contact message through Redis and a real `celery worker` to an SMTP sink: it
reaches the sender in the thread of the acknowledgement they received.

Runs when REDIS_URL is set and the database is PostgreSQL (see tests/conftest.py)."""

import os

import pytest

from cja_site.celery import app as celery_app
from contact.services import contact_message_submit, contact_reply_send
from notifications.models import Email
from tests.factories import staff_user
from tests.notifications.outbox_harness import CeleryWorker, SmtpSink, database_url, wait_until

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

FROM = "Criminal Justice Alliance <hello@cja.example>"


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
            "DEFAULT_FROM_EMAIL": FROM,
            "ENCRYPTION_KEYS": ",".join(settings.ENCRYPTION_KEYS),
        }
        process = CeleryWorker(env=env).start()
        try:
            process.wait_ready()
            yield sink
        finally:
            process.close()


def received(sink, to: str, subject_start: str):
    return next(
        (
            message
            for message in list(sink.messages)
            if message["To"] == to and message["Subject"].startswith(subject_start)
        ),
        None,
    )


def test_a_reply_arrives_threaded_to_the_acknowledgement(worker, settings):
    sink = worker
    settings.SITE_URL = "https://cja.example"
    message = contact_message_submit(
        name="Ada",
        email="ada@example.org",
        subject="general",
        message="Could someone call me?",
        contact_preference="email",
        form_nonce="worker-form",
    )
    acknowledgement = wait_until(
        lambda: received(sink, "ada@example.org", "We have received your message"),
        timeout=60,
        what="the acknowledgement",
    )

    contact_reply_send(message=message, author=staff_user(), text="We will call you on Tuesday.")

    reply = wait_until(
        lambda: received(sink, "ada@example.org", "Re: "), timeout=60, what="the reply"
    )
    assert reply["From"] == FROM
    assert reply["In-Reply-To"] == acknowledgement["Message-ID"]
    assert reply["References"] == acknowledgement["Message-ID"]
    assert reply["Subject"] == "Re: " + acknowledgement["Subject"]
    wait_until(
        lambda: Email.objects.filter(key__contains="-reply-", status=Email.Status.SENT).exists(),
        timeout=30,
        what="the reply's row to be marked sent",
    )
