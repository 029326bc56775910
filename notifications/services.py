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
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from . import crypto
from .delivery import Attachment, deliver_batch, deliver_email, enqueue
from .models import Email

logger = logging.getLogger(__name__)


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


def emails_enqueue_batch(*, email_ids: list[int], task=deliver_batch) -> None:
    """Hand rows to the workers in batches of OUTBOX_BATCH_SIZE; if the broker is unreachable,
    the sweeper sends them later. `task` takes a list of ids."""
    size = settings.OUTBOX_BATCH_SIZE
    for start in range(0, len(email_ids), size):
        if not enqueue(task, email_ids[start : start + size]):
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


def email_enqueue(*, email_id: int) -> None:
    """Hand a row to the workers; if the broker is unreachable, the sweeper will do it later."""
    enqueue(deliver_email, email_id)


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
