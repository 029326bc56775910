from sitewide.attention import AttentionCheck

from .models import ProposedEvent, TrackedItem
from .selectors import proposed_events_waiting, tracked_items_failing


def checks() -> list[AttentionCheck]:
    return [
        AttentionCheck(
            ProposedEvent,
            proposed_events_waiting,
            "proposed timeline event to review",
            "proposed timeline events to review",
            "status__exact=proposed",
            order=30,
        ),
        AttentionCheck(
            TrackedItem,
            tracked_items_failing,
            "tracked source failing",
            "tracked sources failing",
            "failing=yes",
            order=40,
        ),
    ]
