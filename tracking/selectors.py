import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from . import deadlines
from .models import ProposedEvent, TrackedItem


@dataclass(frozen=True)
class Deadline:
    label: str
    due_on: datetime.date
    days_overdue: int  # shown only once staff have confirmed it


@dataclass(frozen=True)
class CampaignTracking:
    deadlines: list[Deadline]
    shows_parliament_data: bool


def campaign_tracking(*, campaign_id: int, today: datetime.date | None = None) -> CampaignTracking:
    """What a campaign page shows from tracking: open response deadlines, and whether any of its
    timeline came from Parliament (which then needs the Open Parliament Licence line). One query.
    """
    today = today or timezone.localdate()
    items = TrackedItem.objects.filter(campaign_id=campaign_id).annotate(
        published=Count("events", filter=Q(events__status=ProposedEvent.Status.PUBLISHED))
    )
    found = []
    parliament = False
    for item in items:
        parliament = parliament or (item.is_parliament and item.published > 0)
        if item.show_deadline and item.response_due_on and not item.response_published_on:
            overdue = deadlines.days_overdue(item.response_due_on, today=today)
            found.append(
                Deadline(
                    label=str(item),
                    due_on=item.response_due_on,
                    days_overdue=overdue if item.overdue_confirmed else 0,
                )
            )
    return CampaignTracking(
        deadlines=sorted(found, key=lambda d: d.due_on), shows_parliament_data=parliament
    )


def proposed_events_waiting() -> QuerySet[ProposedEvent]:
    return ProposedEvent.objects.filter(status=ProposedEvent.Status.PROPOSED)


def tracked_items_failing() -> QuerySet[TrackedItem]:
    return TrackedItem.objects.filter(failures__gt=0)
