"""Meetings staff should look at before they happen (the admin home and the meetings list)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Meeting, Rsvp

# Papers usually go out a week ahead: a meeting this close with none needs someone to act.
PAPERS_DUE_DAYS = 14


def _upcoming(*, days: int, now=None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(days=days),
    )


def meetings_below_quorum(*, now=None) -> QuerySet[Meeting]:
    """Meetings within the quorum-check window with fewer attending than their quorum."""
    return (
        _upcoming(days=settings.MEETING_QUORUM_CHECK_DAYS, now=now)
        .annotate(attending_now=Count("rsvps", filter=Q(rsvps__response=Rsvp.Response.ATTENDING)))
        .filter(attending_now__lt=Coalesce("quorum", Value(settings.MEETING_QUORUM)))
    )


def meetings_without_papers(*, now=None) -> QuerySet[Meeting]:
    """Meetings in the next PAPERS_DUE_DAYS days with no paper yet."""
    return _upcoming(days=PAPERS_DUE_DAYS, now=now).filter(papers__isnull=True)
