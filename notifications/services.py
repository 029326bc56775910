"""The email outbox: queue inside the caller's transaction, deliver from a Celery worker.

`email_queue` writes an Email row; after the transaction commits, delivery is enqueued. If the
broker is down the row simply waits for the sweeper, so nothing is lost and the caller never
sees the broker's error. Delivery claims a row in a short transaction, sends outside it, and
records the outcome; a row left in "sending" by a dead worker is picked up again by the sweeper.

Bulk email (updates to thousands of followers) is written with `emails_queue_bulk` and delivered
by `emails_deliver_batch`: the same claim, outcome and retry rules per row, over one SMTP
connection per batch.

An email that carries a private link (an invitation, a password reset, one-click RSVP links) is
queued with `carries_secret=True`: its body and attachments are stored encrypted with a key from
settings, decrypted only to send, and wiped once sent, so the database never holds a usable link.
"""

import logging
import random
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from email import policy as mail_policy
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from . import crypto
from .models import Email

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def email_queue(
    *,
    key: str,
    to: list[str],
    template: str,
    context: dict,
    attachments: tuple[Attachment, ...] = (),
    reply_to: list[str] | tuple[str, ...] = (),
    headers: dict[str, str] | None = None,
    carries_secret: bool = False,
) -> Email:
    """Queue `emails/<template>` for `to`; the same `key` queued again returns the first row.

    `carries_secret`: the body (or a header) holds a link that grants access; store it sealed.
    """
    draft = EmailDraft(
        key=key,
        to=list(to),
        template=template,
        context=context,
        attachments=tuple(attachments),
        reply_to=list(reply_to),
        headers=headers or {},
        carries_secret=carries_secret,
    )
    email, created = Email.objects.get_or_create(key=key, defaults=_row_fields(draft))
    if created:
        transaction.on_commit(lambda: email_enqueue(email_id=email.pk))
    return email


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class EmailDraft:
    """One email for `emails_queue_bulk`: the arguments of `email_queue`, or its `rendered`
    content (when many emails share one rendering, with only a link or two changed)."""

    key: str
    to: list[str]
    template: str = ""
    context: dict = field(default_factory=dict)
    rendered: RenderedEmail | None = None
    attachments: tuple["Attachment", ...] = ()
    reply_to: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    carries_secret: bool = False


def _row_fields(draft: EmailDraft) -> dict:
    """An Email row's fields for a draft: rendered, and sealed if it carries a secret."""
    rendered = draft.rendered or email_render(template=draft.template, context=draft.context)
    subject, text_body, html_body = rendered.subject, rendered.text, rendered.html
    attachment_dicts = [a.__dict__ for a in draft.attachments]
    headers = dict(draft.headers)
    if draft.carries_secret:
        text_body = crypto.encrypt(text_body)
        html_body = crypto.encrypt(html_body) if html_body else ""
        attachment_dicts = [
            {**a, "content": crypto.encrypt(a["content"])} for a in attachment_dicts
        ]
        headers = {name: crypto.encrypt(value) for name, value in headers.items()}
    return {
        "to": list(draft.to),
        "reply_to": list(draft.reply_to),
        "subject": subject,
        "text_body": text_body,
        "html_body": html_body,
        "attachments": attachment_dicts,
        "headers": headers,
        "sealed": draft.carries_secret,
    }


def emails_queue_bulk(*, drafts: Iterable[EmailDraft]) -> list[int]:
    """Write many rows in one INSERT; a key already queued is left as it was.

    Returns the ids of the drafts' rows still pending. Nothing is enqueued: the caller hands
    them to `emails_enqueue_batch` (or its own batch task) after the transaction commits; until
    then, or if that is lost, the sweeper sends them one by one.
    """
    drafts = list(drafts)
    if not drafts:
        return []
    Email.objects.bulk_create(
        [Email(key=draft.key, **_row_fields(draft)) for draft in drafts], ignore_conflicts=True
    )
    return list(
        Email.objects.filter(key__in=[draft.key for draft in drafts], status=Email.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def emails_enqueue_batch(*, email_ids: list[int], task=None) -> None:
    """Hand rows to the workers in batches of OUTBOX_BATCH_SIZE; if the broker is unreachable,
    the sweeper sends them later. `task` (default: deliver_batch) takes a list of ids."""
    if task is None:
        from .tasks import deliver_batch as task

    size = settings.OUTBOX_BATCH_SIZE
    for start in range(0, len(email_ids), size):
        try:
            task.delay(email_ids[start : start + size])
        except Exception:
            logger.warning(
                "Could not enqueue %s emails; the sweeper will retry",
                len(email_ids) - start,
                exc_info=True,
            )
            return


def email_render(*, template: str, context: dict) -> RenderedEmail:
    """`emails/<template>_subject.txt`, `.txt` and `.html`; without an `.html` of its own, the
    HTML is the text set in the same base layout, so every email has both parts."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text_body = render_to_string(f"emails/{template}.txt", context)
    try:
        html_body = render_to_string(f"emails/{template}.html", context)
    except TemplateDoesNotExist:
        html_body = email_text_as_html(subject=subject, text=text_body)
    return RenderedEmail(subject, text_body, html_body)


def email_text_as_html(*, subject: str, text: str) -> str:
    """A text email in the HTML base layout: its paragraphs, links made links, and what follows
    the "--" signature line as the footer."""
    body, _, footer = text.strip("\n").partition("\n--\n")
    return render_to_string(
        "emails/from_text.html",
        {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "subject": subject,
            "paragraphs": _paragraphs(body),
            "footer": footer.strip(),
        },
    )


def _paragraphs(text: str) -> list[str]:
    return [part.strip("\n") for part in re.split(r"\n\s*\n", text) if part.strip()]


def message_id() -> str:
    """A new Message-ID on SITE_URL's domain: Python's default names the machine
    (often `localhost`), which spam filters count against a message."""
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")


def email_enqueue(*, email_id: int) -> None:
    """Hand a row to the workers; if the broker is unreachable, the sweeper will do it later."""
    from .tasks import deliver_email

    try:
        deliver_email.delay(email_id)
    except Exception:
        logger.warning(
            "Could not enqueue email %s; the sweeper will retry", email_id, exc_info=True
        )


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


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff with full jitter: up to 30 s, 60 s, 120 s, … capped at an hour."""
    ceiling = min(settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 3600)
    return timedelta(seconds=ceiling / 2 + random.uniform(0, ceiling / 2))


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
            email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
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
    transaction.on_commit(lambda: emails_enqueue_batch(email_ids=ids))


def emails_cancel(*, email_ids: Iterable[int], reason: str) -> int:
    """Withdraw rows not yet sent (pending ones; a row being sent cannot be called back).
    A sealed row's content is wiped. Returns how many were cancelled."""
    return Email.objects.filter(pk__in=list(email_ids), status=Email.Status.PENDING).update(
        status=Email.Status.CANCELLED,
        last_error=reason[:2000],
        text_body="",
        html_body="",
        attachments=[],
        headers={},
    )


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


def emails_sweep(*, limit: int = 500) -> int:
    """Re-enqueue every due row, and rows a dead worker left in "sending". Returns how many."""
    now = timezone.now()
    stale = Email.objects.filter(
        status=Email.Status.SENDING,
        claimed_at__lt=now - timedelta(seconds=settings.OUTBOX_STALE_SENDING_SECONDS),
    )
    # An email that kills its worker every time must not be retried for ever.
    stale.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).update(
        status=Email.Status.FAILED, last_error="The worker stopped while sending, every attempt."
    )
    stale.update(status=Email.Status.PENDING, next_attempt_at=now)
    due = list(
        Email.objects.filter(status=Email.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for email_id in due:
        email_enqueue(email_id=email_id)
    return len(due)


def email_retry_now(*, email: Email) -> None:
    """Staff's "retry now" for a failed row: one more round of attempts, starting at once."""
    updated = Email.objects.filter(pk=email.pk, status=Email.Status.FAILED).update(
        status=Email.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    if updated:
        transaction.on_commit(lambda: email_enqueue(email_id=email.pk))


def emails_reencrypt() -> int:
    """Re-encrypt every unsent sealed email with the newest key (after adding one to
    ENCRYPTION_KEYS), so older keys can then be dropped. Returns how many rows changed."""
    count = 0
    for email in Email.objects.filter(sealed=True).exclude(status=Email.Status.SENT).iterator():
        with transaction.atomic():
            locked = Email.objects.select_for_update().get(pk=email.pk)
            locked.text_body = crypto.reencrypt(locked.text_body) if locked.text_body else ""
            locked.html_body = crypto.reencrypt(locked.html_body) if locked.html_body else ""
            locked.attachments = [
                {**a, "content": crypto.reencrypt(a["content"])} if a.get("content") else a
                for a in locked.attachments
            ]
            locked.headers = {
                name: crypto.reencrypt(value) for name, value in (locked.headers or {}).items()
            }
            locked.save(update_fields=["text_body", "html_body", "attachments", "headers"])
        count += 1
    return count
