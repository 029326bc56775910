"""The email outbox: queue inside the caller's transaction, deliver from a Celery worker.

`email_queue` writes an Email row; after the transaction commits, delivery is enqueued. If the
broker is down the row simply waits for the sweeper, so nothing is lost and the caller never
sees the broker's error. Delivery claims a row in a short transaction, sends outside it, and
records the outcome; a row left in "sending" by a dead worker is picked up again by the sweeper.

An email that carries a private link (an invitation, a password reset, one-click RSVP links) is
queued with `carries_secret=True`: its body and attachments are stored encrypted with a key from
settings, decrypted only to send, and wiped once sent, so the database never holds a usable link.
"""

import logging
import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
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
    carries_secret: bool = False,
) -> Email:
    """Queue `emails/<template>` for `to`; the same `key` queued again returns the first row.

    `carries_secret`: the body holds a link that grants access; store it sealed (see above).
    """
    subject, text_body, html_body = _render(template, context)
    attachment_dicts = [a.__dict__ for a in attachments]
    if carries_secret:
        text_body = crypto.encrypt(text_body)
        html_body = crypto.encrypt(html_body) if html_body else ""
        attachment_dicts = [
            {**a, "content": crypto.encrypt(a["content"])} for a in attachment_dicts
        ]
    email, created = Email.objects.get_or_create(
        key=key,
        defaults={
            "to": list(to),
            "reply_to": list(reply_to),
            "subject": subject,
            "text_body": text_body,
            "html_body": html_body,
            "attachments": attachment_dicts,
            "sealed": carries_secret,
        },
    )
    if created:
        transaction.on_commit(lambda: email_enqueue(email_id=email.pk))
    return email


def _render(template: str, context: dict) -> tuple[str, str, str]:
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text_body = render_to_string(f"emails/{template}.txt", context)
    try:
        html_body = render_to_string(f"emails/{template}.html", context)
    except TemplateDoesNotExist:
        html_body = ""
    return subject, text_body, html_body


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
    )


def email_send(*, email: Email) -> None:
    content = email_content(email=email)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=content.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        reply_to=email.reply_to or None,
        headers={"X-Outbox-Key": email.key},
    )
    if content.html:
        message.attach_alternative(content.html, "text/html")
    for attachment in content.attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    message.send()


def _wipe(email: Email) -> list[str]:
    """Drop a sent sealed email's content for good; subject, recipients and times stay."""
    if not email.sealed:
        return []
    email.text_body = ""
    email.html_body = ""
    email.attachments = [
        {"filename": a["filename"], "mimetype": a["mimetype"]} for a in email.attachments
    ]
    return ["text_body", "html_body", "attachments"]


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff with full jitter: up to 30 s, 60 s, 120 s, … capped at an hour."""
    ceiling = min(settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 3600)
    return timedelta(seconds=ceiling / 2 + random.uniform(0, ceiling / 2))


def email_deliver(*, email_id: int) -> Email | None:
    """Send one row if it is due. Returns the row, or None if there was nothing to do."""
    email = email_claim(email_id=email_id)
    if email is None:
        return None
    try:
        email_send(email=email)
    except Exception as error:
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
    _record_outcome(email, ["status", "sent_at", "last_error", *_wipe(email)])
    return email


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
            locked.save(update_fields=["text_body", "html_body", "attachments"])
        count += 1
    return count
