"""Tracking's dates on the publishing calendar (publishing.calendar): consultations closing and
government responses due."""

import datetime

from django.urls import reverse
from django.utils.dateparse import parse_date

from publishing.calendar import CalendarEntry

from .models import TrackedItem


def calendar_entries(*, start: datetime.date, end: datetime.date, user) -> list[CalendarEntry]:
    if not user.has_perm("tracking.view_trackeditem"):
        return []
    entries = []
    due = TrackedItem.objects.filter(
        response_due_on__gte=start, response_due_on__lte=end, response_published_on__isnull=True
    ).select_related("campaign")
    for item in due:
        entries.append(_entry(item, item.response_due_on, "due", "Government response due"))
    consultations = TrackedItem.objects.filter(
        kind=TrackedItem.Kind.CONSULTATION, last_snapshot__isnull=False
    ).select_related("campaign", "last_snapshot")
    for item in consultations:
        closed_on = parse_date((item.last_snapshot.data.get("state") or {}).get("closed_on") or "")
        if closed_on and start <= closed_on <= end:
            entries.append(_entry(item, closed_on, "closes", "Consultation closes"))
    return entries


def _entry(item: TrackedItem, day: datetime.date, kind: str, label: str) -> CalendarEntry:
    return CalendarEntry(
        day=day,
        kind=kind,
        kind_label=label,
        title=str(item),
        url=reverse("admin:tracking_trackeditem_change", args=[item.pk]),
        detail=f"Campaign: {item.campaign.title}",
    )
