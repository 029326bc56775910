from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from publications.models import Attachment
from publications.selectors import publications_published

from .models import REQUESTABLE_FORMATS, FormatRequest

DUE_SOON_DAYS = 2


def document_for_request(*, slug: str, pk: int) -> Attachment | None:
    """A public publication's original document, with its alternative formats."""
    return (
        Attachment.objects.filter(
            pk=pk,
            publication__slug=slug,
            publication__in=publications_published(),
            alternative_of__isnull=True,
        )
        .select_related("publication")
        .prefetch_related(
            Prefetch(
                "alternatives",
                queryset=Attachment.objects.select_related("publication").order_by("order", "id"),
            )
        )
        .first()
    )


def format_requests_open() -> QuerySet[FormatRequest]:
    return FormatRequest.objects.filter(status=FormatRequest.Status.OPEN)


def format_requests_due_soon() -> QuerySet[FormatRequest]:
    """Open requests promised within DUE_SOON_DAYS days, or overdue."""
    limit = timezone.localdate() + timedelta(days=DUE_SOON_DAYS)
    return format_requests_open().filter(due_on__lte=limit)


def format_request_counts() -> list[dict]:
    """Open and all-time requests for each format, in one query."""
    counts = {
        row["format"]: row
        for row in FormatRequest.objects.order_by()
        .values("format")
        .annotate(open=Count("pk", filter=Q(status=FormatRequest.Status.OPEN)), total=Count("pk"))
    }
    return [
        {
            "format": choice.label,
            "open": counts.get(choice.value, {}).get("open", 0),
            "total": counts.get(choice.value, {}).get("total", 0),
        }
        for choice in REQUESTABLE_FORMATS
    ]
