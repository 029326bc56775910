"""The worker's side of the outbox: claim a due row, send it, record the outcome.

Delivery claims a row in a short transaction, sends outside it, and records the outcome only if
its claim still stands; a row left in "sending" by a dead worker is picked up again by the
sweeper. `emails_deliver_batch` does the same for many rows over one SMTP connection. The tasks
that run these live here too, so that queueing (services) can enqueue them without a circle.
"""

import logging
import time
from dataclasses import dataclass, field
from email import policy as mail_policy
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.utils import make_msgid

from celery import shared_task
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sitewide.backoff import retry_delay
from sitewide.site_url import site_hostname

from . import crypto
from .models import Email

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def enqueue(task, *args) -> bool:
    """`task.delay(*args)`; if the broker is unreachable, log it and return False: the rows
    wait in the outbox, and the sweeper enqueues them later."""
    try:
        task.delay(*args)
    except Exception:
        logger.warning("Could not enqueue %s; the sweeper will retry", task.name, exc_info=True)
        return False
    return True


# Named as when they lived in tasks.py, so messages already queued still find them.
@shared_task(bind=True, max_retries=None, name="notifications.tasks.deliver_email")
def deliver_email(self, email_id: int) -> str:
    email = email_deliver(email_id=email_id)
    if email is None:
        return "skipped"
    if email.status == Email.Status.PENDING:
        # Retry soon through the broker; the sweeper is the safety net if this message is lost.
        countdown = max((email.next_attempt_at - timezone.now()).total_seconds(), 0)
        raise self.retry(countdown=countdown)
    return email.status


def batch_retry(task, emails: list[Email]) -> str:
    """End a batch task: those that failed once are tried again together, when the latest of
    them is due."""
    retry = [email for email in emails if email.status == Email.Status.PENDING]
    if retry:
        due = max(email.next_attempt_at for email in retry)
        countdown = max((due - timezone.now()).total_seconds(), 0)
        raise task.retry(args=([email.pk for email in retry],), countdown=countdown)
    return f"{len(emails)} handled"


@shared_task(bind=True, max_retries=None, name="notifications.tasks.deliver_batch")
def deliver_batch(self, email_ids: list[int]) -> str:
    """Send many rows over one mail connection (bulk email: updates to followers)."""
    return batch_retry(self, emails_deliver_batch(email_ids=email_ids))


def email_claim(*, email_id: int) -> Email | None:
    """Mark a due row as sending, or return None if it is not due or another worker has it."""
    with transaction.atomic():
        email = (
            Email.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=Email.Status.PENDING, next_attempt_at__lte=timezone.now())
            .first()
        )
        if email is None:
            return None
        email.status = Email.Status.SENDING
        email.claimed_at = timezone.now()
        email.attempts += 1
        email.save(update_fields=["status", "claimed_at", "attempts"])
        return email


class SealedBodyUnreadable(Exception):
    pass


@dataclass(frozen=True)
class EmailContent:
    text: str
    html: str
    attachments: list[Attachment]
    headers: dict[str, str] = field(default_factory=dict)


def email_content(*, email: Email) -> EmailContent:
    """What the email says, decrypted if it is sealed (only to send it, or in tests)."""

    def opened(text: str) -> str:
        if not (email.sealed and text):
            return text
        try:
            return crypto.decrypt(text)
        except crypto.InvalidToken as error:
            raise SealedBodyUnreadable(
                "No key in ENCRYPTION_KEYS opens this email (was a key removed?)."
            ) from error

    return EmailContent(
        text=opened(email.text_body),
        html=opened(email.html_body),
        attachments=[
            Attachment(a["filename"], opened(a.get("content", "")), a["mimetype"])
            for a in email.attachments
        ],
        headers={name: opened(value) for name, value in (email.headers or {}).items()},
    )


class ListHeader(UnstructuredHeader):
    """List-Unsubscribe (RFC 2369, 8058) holds URLs a mail program must read as they are.

    Python folds a long header by splitting it into RFC 2047 encoded words, which turns the
    link into something no mail program will follow. This folds only between entries.
    """

    def fold(self, *, policy):
        entries = [entry.strip() for entry in str(self).split(",")]
        return f"{self.name}: " + f",{policy.linesep} ".join(entries) + policy.linesep


_HEADERS = HeaderRegistry()
_HEADERS.map_to_type("list-unsubscribe", ListHeader)
_HEADERS.map_to_type("list-unsubscribe-post", ListHeader)


class OutboxMessage(EmailMultiAlternatives):
    def message(self, *, policy=mail_policy.default):
        return super().message(policy=policy.clone(header_factory=_HEADERS))


def message_id() -> str:
    """A new Message-ID on SITE_URL's domain: Python's default names the machine
    (often `localhost`), which spam filters count against a message."""
    return make_msgid(domain=site_hostname())


def email_send(*, email: Email, mailer=None) -> None:
    """Send one row, over `mailer` (an open connection) if given, else the default mailer."""
    content = email_content(email=email)
    message = OutboxMessage(
        subject=email.subject,
        body=content.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        reply_to=email.reply_to or None,
        headers={**content.headers, "X-Outbox-Key": email.key, "Message-ID": message_id()},
    )
    if content.html:
        message.attach_alternative(content.html, "text/html")
    for attachment in content.attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    if mailer is None:
        message.send()
    else:
        mailer.send_messages([message])


def _wipe(email: Email) -> list[str]:
    """Drop a sent sealed email's content for good; subject, recipients and times stay."""
    if not email.sealed:
        return []
    email.text_body = ""
    email.html_body = ""
    email.attachments = [
        {"filename": a["filename"], "mimetype": a["mimetype"]} for a in email.attachments
    ]
    email.headers = {}
    return ["text_body", "html_body", "attachments", "headers"]


def email_deliver(*, email_id: int) -> Email | None:
    """Send one row if it is due. Returns the row, or None if there was nothing to do."""
    email = email_claim(email_id=email_id)
    if email is None:
        return None
    return _send_claimed(email)


def _send_claimed(email: Email, mailer=None, *, record_sent: bool = True) -> Email:
    """Send a row this worker has claimed and record the outcome: sent, retry later, or failed.
    With `record_sent=False` a sent row is left for the caller to record (`_record_sent`)."""
    try:
        if mailer is None:
            email_send(email=email)
        else:
            mailer.open()  # a no-op while the connection is open
            email_send(email=email, mailer=mailer)
    except Exception as error:
        if mailer is not None:
            # The connection may be in any state after an error: start the next send afresh.
            _close_quietly(mailer)
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            email.status = Email.Status.FAILED
            logger.error("Email %s failed for good: %s", email.pk, email.last_error)
        else:
            email.status = Email.Status.PENDING
            email.next_attempt_at = timezone.now() + retry_delay(
                email.attempts, base_seconds=settings.OUTBOX_RETRY_BASE_SECONDS
            )
        _record_outcome(email, ["status", "last_error", "next_attempt_at"])
        return email
    email.status = Email.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    wiped = _wipe(email)
    if record_sent:
        _record_outcome(email, ["status", "sent_at", "last_error", *wiped])
    return email


# A batch records its sent rows this many at a time: a commit per row costs more than the send.
# If the worker dies in between, the sweeper sends at most this many of its rows a second time.
RECORD_SENT_EVERY = 20


def _record_sent(emails: list[Email]) -> None:
    """Record rows sent by this worker (if its claim still stands), then empty the list."""
    by_row = [email for email in emails if email.sealed and email.attachments]
    for email in by_row:
        _record_outcome(email, ["status", "sent_at", "last_error", *_wipe(email)])
    for sealed in (False, True):
        group = [email for email in emails if email.sealed == sealed and email not in by_row]
        if not group:
            continue
        wiped = {"text_body": "", "html_body": "", "headers": {}, "attachments": []}
        updated = Email.objects.filter(
            pk__in=[email.pk for email in group],
            status=Email.Status.SENDING,
            claimed_at=group[0].claimed_at,  # one claim for the whole batch
        ).update(
            status=Email.Status.SENT,
            sent_at=group[-1].sent_at,
            last_error="",
            **(wiped if sealed else {}),
        )
        if updated < len(group):
            logger.warning(
                "%s emails were reclaimed while this worker sent them", len(group) - updated
            )
    emails.clear()


def _close_quietly(mailer) -> None:
    try:
        mailer.close()
    except Exception:
        logger.warning("Closing the mail connection failed", exc_info=True)


def emails_claim_batch(*, email_ids: list[int]) -> list[Email]:
    """Mark the due rows among `email_ids` as sending; rows another worker holds are skipped."""
    with transaction.atomic():
        ids = list(
            Email.objects.select_for_update(skip_locked=True)
            .filter(
                pk__in=email_ids, status=Email.Status.PENDING, next_attempt_at__lte=timezone.now()
            )
            .values_list("pk", flat=True)
        )
        if not ids:
            return []
        claimed_at = timezone.now()
        Email.objects.filter(pk__in=ids).update(
            status=Email.Status.SENDING, claimed_at=claimed_at, attempts=F("attempts") + 1
        )
        return list(Email.objects.filter(pk__in=ids).order_by("pk"))


def emails_deliver_batch(*, email_ids: list[int]) -> list[Email]:
    """Send the due rows among `email_ids` over one mail connection, each claimed and recorded
    as `email_deliver` does. Returns the rows handled (each with its outcome)."""
    emails = emails_claim_batch(email_ids=email_ids)
    if not emails:
        return []
    deadline = time.monotonic() + settings.OUTBOX_BATCH_SECONDS
    mailer = mail.mailers.default
    sent: list[Email] = []
    try:
        for position, email in enumerate(emails):
            if position and time.monotonic() > deadline:
                # Stop well inside the task's time limit (having sent at least one, so every
                # batch makes progress); the rest go back to the queue.
                _record_sent(sent)
                _release(emails[position:])
                return emails[:position]
            if _send_claimed(email, mailer, record_sent=False).status == Email.Status.SENT:
                sent.append(email)
            if len(sent) >= RECORD_SENT_EVERY:
                _record_sent(sent)
    finally:
        # Also when the task is stopped part way: what went out is recorded as sent.
        _record_sent(sent)
        _close_quietly(mailer)
    return emails


def _release(emails: list[Email]) -> None:
    """Give back claimed rows that were never tried, as they were, and enqueue them again."""
    for email in emails:
        Email.objects.filter(
            pk=email.pk, status=Email.Status.SENDING, claimed_at=email.claimed_at
        ).update(status=Email.Status.PENDING, attempts=F("attempts") - 1, claimed_at=None)
    ids = [email.pk for email in emails]
    transaction.on_commit(lambda: enqueue(deliver_batch, ids))


def _record_outcome(email: Email, fields: list[str]) -> None:
    """Save the outcome only if this worker's claim still stands.

    A send slower than OUTBOX_STALE_SENDING_SECONDS may have been handed to another worker by
    the sweeper; that worker's claim is newer, and its outcome is the one to keep.
    """
    updated = Email.objects.filter(
        pk=email.pk, status=Email.Status.SENDING, claimed_at=email.claimed_at
    ).update(**{field: getattr(email, field) for field in fields})
    if not updated:
        logger.warning("Email %s was reclaimed while this worker sent it", email.pk)
