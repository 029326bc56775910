from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Email
from notifications.services import email_queue
from publications.models import AlternativeFormat, Attachment
from sitewide.site_url import absolute_url

from .models import FormatRequest
from .working_days import working_days_after, working_days_before

# Staff are reminded this many working days before the promised (or needed-by) date.
REMINDER_WORKING_DAYS = 2
EMAIL_KINDS = ("staff-alert", "acknowledgement", "reminder", "fulfilled")


class FormatRequestAlreadySent(Exception):
    """The form's nonce has sent a request already."""


def _email_key(request_id: int, kind: str) -> str:
    return f"format-request-{request_id}-{kind}"


def _staff_context(format_request: FormatRequest) -> dict:
    return {
        "format_request": format_request,
        "admin_url": absolute_url(
            reverse("admin:formats_formatrequest_change", args=[format_request.pk])
        ),
        "publication_url": absolute_url(format_request.publication.get_absolute_url()),
    }


@transaction.atomic
def format_request_submit(
    *,
    document: Attachment,
    format: str,
    other_format: str,
    email: str,
    name: str,
    needed_by: date | None,
    form_nonce: str,
) -> FormatRequest:
    """Record a request; tell staff, and acknowledge it to the requester.

    The acknowledgement goes to whatever address was typed, so it carries nothing that was typed
    (nor which document was asked for): a reference, the date and what happens next.
    """
    today = timezone.localdate()
    due_on = working_days_after(today, settings.FORMAT_REQUEST_WORKING_DAYS)
    target = min(due_on, needed_by) if needed_by else due_on
    try:
        format_request = FormatRequest.objects.create(
            publication_id=document.publication_id,
            document=document,
            format=format,
            other_format=other_format if format == AlternativeFormat.OTHER else "",
            email=email,
            name=name,
            needed_by=needed_by,
            due_on=due_on,
            remind_on=max(today, working_days_before(target, REMINDER_WORKING_DAYS)),
            form_nonce=form_nonce,
        )
    except IntegrityError:
        raise FormatRequestAlreadySent from None
    email_queue(
        key=_email_key(format_request.pk, "staff-alert"),
        to=list(settings.FORMAT_REQUESTS_EMAIL),
        template="format_request_staff_alert",
        context=_staff_context(format_request),
        reply_to=[format_request.email],
    )
    email_queue(
        key=_email_key(format_request.pk, "acknowledgement"),
        to=[format_request.email],
        template="format_request_acknowledgement",
        context={
            "reference": format_request.reference,
            "requested_at": format_request.requested_at,
            "due_on": format_request.due_on,
            "working_days": settings.FORMAT_REQUEST_WORKING_DAYS,
        },
    )
    return format_request


def format_requests_remind(*, today: date | None = None) -> int:
    """Remind staff of each open request whose promised date is near: once per request."""
    today = today or timezone.localdate()
    due = FormatRequest.objects.filter(
        status=FormatRequest.Status.OPEN, reminded_at__isnull=True, remind_on__lte=today
    ).select_related("publication", "document")
    count = 0
    for format_request in due:
        with transaction.atomic():
            email_queue(
                key=_email_key(format_request.pk, "reminder"),
                to=list(settings.FORMAT_REQUESTS_EMAIL),
                template="format_request_reminder",
                context=_staff_context(format_request),
                reply_to=[format_request.email],
            )
            FormatRequest.objects.filter(pk=format_request.pk).update(reminded_at=timezone.now())
        count += 1
    return count


@transaction.atomic
def format_request_fulfil(*, format_request: FormatRequest, alternative: Attachment) -> bool:
    """Send the requester a link to the alternative format; False if it was resolved already."""
    locked = (
        FormatRequest.objects.select_for_update()
        .select_related("publication")
        .get(pk=format_request.pk)
    )
    if locked.status != FormatRequest.Status.OPEN:
        return False
    locked.status = FormatRequest.Status.FULFILLED
    locked.fulfilled_with = alternative
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["status", "fulfilled_with", "resolved_at"])
    email_queue(
        key=_email_key(locked.pk, "fulfilled"),
        to=[locked.email],
        template="format_request_fulfilled",
        context={
            "reference": locked.reference,
            "format": alternative.get_alternative_format_display(),
            "publication_title": locked.publication.title,
            "download_url": absolute_url(alternative.get_absolute_url()),
            "download_label": alternative.label,
            "publication_url": absolute_url(locked.publication.get_absolute_url()),
        },
    )
    return True


def format_requests_fulfil_available(
    *, document_id: int | None = None, ids: list[int] | None = None
) -> int:
    """Fulfil the open requests whose format is now attached as an alternative of their
    document. "Another format" is matched by staff in the admin, never guessed."""
    open_requests = FormatRequest.objects.filter(
        status=FormatRequest.Status.OPEN, document__isnull=False
    ).exclude(format=AlternativeFormat.OTHER)
    if document_id is not None:
        open_requests = open_requests.filter(document_id=document_id)
    if ids is not None:
        open_requests = open_requests.filter(pk__in=ids)
    open_requests = list(open_requests)
    if not open_requests:
        return 0
    alternatives = {}
    for alternative in Attachment.objects.filter(
        alternative_of_id__in={r.document_id for r in open_requests}
    ).order_by("-order", "-id"):
        # The first alternative of each format in the page's order wins.
        alternatives[(alternative.alternative_of_id, alternative.alternative_format)] = alternative
    fulfilled = 0
    for format_request in open_requests:
        alternative = alternatives.get((format_request.document_id, format_request.format))
        if alternative is not None:
            fulfilled += format_request_fulfil(
                format_request=format_request, alternative=alternative
            )
    return fulfilled


def format_requests_close(*, ids: list[int]) -> int:
    """Close open requests that will not be fulfilled (staff reply to the requester themselves)."""
    return FormatRequest.objects.filter(pk__in=ids, status=FormatRequest.Status.OPEN).update(
        status=FormatRequest.Status.CLOSED, resolved_at=timezone.now()
    )


@transaction.atomic
def format_requests_erase_old(*, dry_run: bool = False) -> int:
    """Erase the requester's details from requests resolved before the retention period, with
    the emails that held them; the format and dates stay, for the counts."""
    cutoff = timezone.now() - timedelta(days=settings.FORMAT_REQUEST_RETENTION_DAYS)
    old = FormatRequest.objects.filter(
        status__in=[FormatRequest.Status.FULFILLED, FormatRequest.Status.CLOSED],
        resolved_at__lt=cutoff,
        erased_at__isnull=True,
    )
    ids = list(old.values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    Email.objects.filter(
        key__in=[_email_key(request_id, kind) for request_id in ids for kind in EMAIL_KINDS]
    ).delete()
    FormatRequest.objects.filter(pk__in=ids).update(
        email="", name="", other_format="", erased_at=timezone.now()
    )
    return len(ids)
