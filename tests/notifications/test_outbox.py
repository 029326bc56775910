"""The outbox in-process: queueing, idempotency, retries. The fault tests with a real worker
and Redis live in test_delivery_faults.py."""

from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction

from notifications import delivery
from notifications.delivery import Attachment, email_deliver
from notifications.models import Email
from notifications.services import (
    email_queue,
    email_retry_now,
    emails_sweep,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def email_templates(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {**engine, "DIRS": [*engine["DIRS"], Path(__file__).parent / "templates"]}
    ]


def queue_greeting(key="greeting-1", **kwargs):
    with transaction.atomic():
        return email_queue(
            key=key, to=["ada@example.org"], template="greeting", context={"name": "Ada"}, **kwargs
        )


def test_queued_email_is_delivered_after_commit():
    email = queue_greeting(
        attachments=(Attachment("invite.ics", "BEGIN:VCALENDAR", "text/calendar"),)
    )
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Hello Ada"
    assert message.to == ["ada@example.org"]
    assert "Dear Ada" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    assert message.attachments[0].filename == "invite.ics"


def test_nothing_is_sent_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        email_queue(
            key="rolled-back", to=["a@example.org"], template="greeting", context={"name": "A"}
        )
        raise RuntimeError
    assert not Email.objects.exists()
    assert mail.outbox == []


def test_the_same_key_sends_once():
    queue_greeting()
    queue_greeting()
    assert Email.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_then_marked_failed(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.failing_backend.EmailBackend"}}
    settings.OUTBOX_MAX_ATTEMPTS = 2
    email = queue_greeting()
    email.refresh_from_db()
    assert email.status == Email.Status.PENDING
    assert email.attempts == 1
    assert "SMTP server refused" in email.last_error
    Email.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at)
    email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == Email.Status.FAILED
    assert email.attempts == 2


def test_queueing_with_the_broker_down_keeps_the_email(broker_down, monkeypatch):
    email = queue_greeting()
    email.refresh_from_db()
    assert email.status == Email.Status.PENDING
    assert mail.outbox == []
    monkeypatch.undo()
    assert emails_sweep() == 1
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert len(mail.outbox) == 1


def test_sweeper_picks_up_rows_left_in_sending(settings):
    email = Email.objects.create(
        key="stuck", to=["a@example.org"], subject="S", text_body="B", status=Email.Status.SENDING
    )
    Email.objects.filter(pk=email.pk).update(claimed_at=email.created_at)
    settings.OUTBOX_STALE_SENDING_SECONDS = 0
    assert emails_sweep() == 1
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert len(mail.outbox) == 1


def test_a_slow_worker_does_not_overwrite_a_newer_claim(settings, monkeypatch):
    """A send outlasting the stale limit is re-sent elsewhere; the first worker's late failure
    must not put a sent email back to pending."""
    email = Email.objects.create(key="slow", to=["a@example.org"], subject="S", text_body="B")

    real_send = delivery.email_send
    calls = []

    def send_while_another_worker_takes_over(*, email):
        calls.append(email.pk)
        if len(calls) > 1:
            return real_send(email=email)
        settings.OUTBOX_STALE_SENDING_SECONDS = 0
        assert emails_sweep() == 1  # the sweeper sees a stale row and a second worker sends it
        settings.OUTBOX_STALE_SENDING_SECONDS = 300
        raise ConnectionError("the first worker's connection dropped")

    monkeypatch.setattr(delivery, "email_send", send_while_another_worker_takes_over)
    email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert email.last_error == ""
    assert len(calls) == 2
    assert len(mail.outbox) == 1


def test_an_email_that_keeps_killing_workers_is_marked_failed(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_STALE_SENDING_SECONDS = 0
    email = Email.objects.create(
        key="poison",
        to=["a@example.org"],
        subject="S",
        text_body="B",
        status=Email.Status.SENDING,
        attempts=3,
    )
    Email.objects.filter(pk=email.pk).update(claimed_at=email.created_at)
    assert emails_sweep() == 0
    email.refresh_from_db()
    assert email.status == Email.Status.FAILED
    assert "worker stopped" in email.last_error
    assert mail.outbox == []


def test_retry_now_sends_a_failed_email_again_and_leaves_others_alone():
    failed = Email.objects.create(
        key="failed",
        to=["a@example.org"],
        subject="S",
        text_body="B",
        attempts=6,
        status=Email.Status.FAILED,
    )
    sending = Email.objects.create(
        key="busy",
        to=["b@example.org"],
        subject="S",
        text_body="B",
        attempts=1,
        status=Email.Status.SENDING,
    )
    with transaction.atomic():
        email_retry_now(email=failed)
        email_retry_now(email=sending)
    failed.refresh_from_db()
    sending.refresh_from_db()
    assert failed.status == Email.Status.SENT
    assert failed.attempts == 1
    assert sending.status == Email.Status.SENDING
    assert [sent.to for sent in mail.outbox] == [["a@example.org"]]
