"""Bulk email: many rows written at once, delivered in batches over one mail connection, with
the same per-row claim, outcome and retry rules as single emails."""

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import delivery
from notifications.delivery import Attachment, deliver_batch, email_content, emails_deliver_batch
from notifications.models import Email
from notifications.services import (
    EmailDraft,
    email_retry_now,
    emails_cancel,
    emails_enqueue_batch,
    emails_queue_bulk,
    emails_sweep,
)

from . import counting_backend

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def counting_mailer(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {**engine, "DIRS": [*engine["DIRS"], Path(__file__).parent / "templates"]}
    ]
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.counting_backend.EmailBackend"}}
    counting_backend.connections.clear()
    counting_backend.refused.clear()
    yield counting_backend


def drafts(count, *, prefix="bulk", **kwargs):
    return [
        EmailDraft(
            key=f"{prefix}-{n}",
            to=[f"person{n}@example.org"],
            template="greeting",
            context={"name": f"Person {n}"},
            **kwargs,
        )
        for n in range(count)
    ]


def queue(count, **kwargs):
    with transaction.atomic():
        return emails_queue_bulk(drafts=drafts(count, **kwargs))


def test_bulk_queueing_writes_each_key_once_and_returns_the_pending_rows():
    first = queue(5)
    assert len(first) == 5
    again = queue(7)
    assert Email.objects.count() == 7
    assert set(first) < set(again)
    email = Email.objects.get(key="bulk-3")
    assert email.subject == "Hello Person 3"
    assert email.to == ["person3@example.org"]
    assert mail.outbox == [], "bulk rows wait for the caller to enqueue them"


def test_queueing_nothing_is_a_no_op(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert emails_queue_bulk(drafts=[]) == []


def test_a_batch_goes_over_one_connection_and_each_row_is_marked_sent(counting_mailer):
    ids = queue(30)
    emails = emails_deliver_batch(email_ids=ids)
    assert [email.status for email in emails] == [Email.Status.SENT] * 30
    assert len(counting_mailer.connections) == 1
    assert len(counting_mailer.connections[0]) == 30
    assert Email.objects.filter(status=Email.Status.SENT, attempts=1).count() == 30
    assert {m.to[0] for m in mail.outbox} == {f"person{n}@example.org" for n in range(30)}


def test_enqueueing_splits_rows_into_batches_of_the_configured_size(settings, counting_mailer):
    settings.OUTBOX_BATCH_SIZE = 4
    ids = queue(10)
    emails_enqueue_batch(email_ids=ids)  # Celery runs in-process in tests
    assert [len(sent) for sent in counting_mailer.connections] == [4, 4, 2]
    assert Email.objects.filter(status=Email.Status.SENT).count() == 10


def test_one_refused_address_is_retried_later_and_the_rest_still_go(counting_mailer):
    ids = queue(5)
    counting_mailer.refused.add("person2@example.org")
    emails = {email.key: email for email in emails_deliver_batch(email_ids=ids)}
    refused = emails.pop("bulk-2")
    assert refused.status == Email.Status.PENDING
    assert refused.next_attempt_at > timezone.now()
    assert "No such user" in Email.objects.get(key="bulk-2").last_error
    assert {email.status for email in emails.values()} == {Email.Status.SENT}
    # After the error the connection was closed and a fresh one carried the rest.
    assert counting_mailer.connections == [
        ["person0@example.org", "person1@example.org"],
        ["person3@example.org", "person4@example.org"],
    ]


def test_the_batch_task_retries_what_failed_until_it_is_sent(
    settings, counting_mailer, monkeypatch
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    ids = queue(3)
    counting_mailer.refused.add("person1@example.org")
    # In-process Celery runs a retry at once; take the address off the list on the 2nd try.
    real_deliver = emails_deliver_batch
    tries = []

    def deliver(*, email_ids):
        tries.append(list(email_ids))
        if len(tries) == 2:
            counting_mailer.refused.clear()
        return real_deliver(email_ids=email_ids)

    monkeypatch.setattr("notifications.delivery.emails_deliver_batch", deliver)
    deliver_batch.delay(ids)
    assert tries[1] == [Email.objects.get(key="bulk-1").pk]
    assert Email.objects.filter(status=Email.Status.SENT).count() == 3
    assert Email.objects.get(key="bulk-1").attempts == 2


def test_rows_not_due_or_held_by_another_worker_are_left_alone(counting_mailer):
    ids = queue(3)
    Email.objects.filter(key="bulk-0").update(status=Email.Status.SENDING)
    Email.objects.filter(key="bulk-1").update(
        next_attempt_at=timezone.now() + timezone.timedelta(minutes=5)
    )
    emails = emails_deliver_batch(email_ids=ids)
    assert [email.key for email in emails] == ["bulk-2"]
    assert Email.objects.get(key="bulk-0").status == Email.Status.SENDING
    assert Email.objects.get(key="bulk-1").status == Email.Status.PENDING


def test_a_batch_past_its_time_gives_the_rest_back_and_they_are_sent_after(
    settings, counting_mailer
):
    settings.OUTBOX_BATCH_SECONDS = 0
    ids = queue(3)
    with transaction.atomic():
        handled = emails_deliver_batch(email_ids=ids)
        # Each batch sends at least one row, so it always makes progress.
        assert [email.key for email in handled] == ["bulk-0"]
        released = Email.objects.filter(key__in=["bulk-1", "bulk-2"])
        assert {(e.status, e.attempts) for e in released} == {(Email.Status.PENDING, 0)}
    # Once committed, the released rows were enqueued again (and sent, in-process).
    assert Email.objects.filter(status=Email.Status.SENT).count() == 3


def test_headers_are_sent_and_a_sealed_rows_headers_are_encrypted_then_wiped(settings):
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    link = "<https://example.org/updates/unsubscribe/secret-token/>"
    ids = queue(
        1,
        headers={"List-Unsubscribe": link, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        carries_secret=True,
    )
    email = Email.objects.get()
    assert "secret-token" not in str(email.headers)
    assert email_content(email=email).headers["List-Unsubscribe"] == link
    emails_deliver_batch(email_ids=ids)
    message = mail.outbox[0].message()
    assert message["List-Unsubscribe"] == link
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["X-Outbox-Key"] == "bulk-0"
    email.refresh_from_db()
    assert (email.status, email.headers, email.text_body) == (Email.Status.SENT, {}, "")


def test_cancelled_rows_are_never_sent_swept_or_retried(counting_mailer):
    ids = queue(3, carries_secret=True)
    Email.objects.filter(key="bulk-2").update(status=Email.Status.SENDING)
    assert emails_cancel(email_ids=ids, reason="The address unsubscribed.") == 2
    cancelled = Email.objects.get(key="bulk-0")
    assert (cancelled.status, cancelled.last_error, cancelled.text_body) == (
        Email.Status.CANCELLED,
        "The address unsubscribed.",
        "",
    )
    assert Email.objects.get(key="bulk-2").status == Email.Status.SENDING, "already being sent"
    assert emails_deliver_batch(email_ids=ids) == []
    assert emails_sweep() == 0
    email_retry_now(email=cancelled)
    cancelled.refresh_from_db()
    assert cancelled.status == Email.Status.CANCELLED
    assert mail.outbox == []


def test_a_batch_records_its_sent_rows_in_groups_not_one_commit_each():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ids = queue(45)
    with CaptureQueriesContext(connection) as queries:
        emails_deliver_batch(email_ids=ids)
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 + 3, "one to claim the batch, then one per 20 sent"
    assert Email.objects.filter(status=Email.Status.SENT).count() == 45


def test_a_row_reclaimed_while_the_batch_ran_keeps_the_newer_claims_outcome(monkeypatch):
    ids = queue(3)
    real_send = delivery.email_send
    newer_claim = timezone.now() + timezone.timedelta(seconds=1)

    def send(*, email, mailer=None):
        if email.key == "bulk-0":
            # Meanwhile the sweeper judged bulk-2's claim stale and another worker took it.
            Email.objects.filter(key="bulk-2").update(claimed_at=newer_claim)
        return real_send(email=email, mailer=mailer)

    monkeypatch.setattr(delivery, "email_send", send)
    emails_deliver_batch(email_ids=ids)
    assert Email.objects.get(key="bulk-2").status == Email.Status.SENDING
    assert Email.objects.get(key="bulk-2").claimed_at == newer_claim
    assert Email.objects.filter(status=Email.Status.SENT).count() == 2


def test_sealed_rows_sent_in_a_batch_are_wiped_keeping_attachment_names():
    ids = queue(2, carries_secret=True)
    with transaction.atomic():
        ids += emails_queue_bulk(
            drafts=[
                EmailDraft(
                    key="with-attachment",
                    to=["a@example.org"],
                    template="greeting",
                    context={"name": "A"},
                    attachments=(Attachment("invite.ics", "BEGIN:VCALENDAR", "text/calendar"),),
                    carries_secret=True,
                )
            ]
        )
    emails_deliver_batch(email_ids=ids)
    assert mail.outbox[-1].attachments[0].filename == "invite.ics"
    for email in Email.objects.all():
        assert (email.status, email.text_body, email.html_body, email.headers) == (
            Email.Status.SENT,
            "",
            "",
            {},
        )
    assert Email.objects.get(key="with-attachment").attachments == [
        {"filename": "invite.ics", "mimetype": "text/calendar"}
    ]


def test_a_long_list_unsubscribe_link_is_sent_as_it_is_not_encoded():
    """Python would split a long URL into RFC 2047 encoded words, which no mail program follows."""
    import email.policy

    link = "https://www.example.org.uk/updates/unsubscribe/" + "a1B2c3:D4-e5_" * 8 + "/"
    ids = queue(
        1,
        headers={
            "List-Unsubscribe": f"<{link}>, <mailto:unsubscribe@example.org.uk>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    emails_deliver_batch(email_ids=ids)
    # As the SMTP backend serialises it.
    raw = mail.outbox[0].message(policy=email.policy.SMTP).as_bytes().decode()
    assert f"List-Unsubscribe: <{link}>,\r\n <mailto:unsubscribe@example.org.uk>\r\n" in raw
    assert "=?utf-8?" not in raw
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw
