from django.conf import settings

from sitewide.attention import AttentionCheck

from .models import Meeting
from .selectors.meetings import PAPERS_DUE_DAYS, meetings_below_quorum, meetings_without_papers


def checks() -> list[AttentionCheck]:
    quorum_days = settings.MEETING_QUORUM_CHECK_DAYS
    return [
        AttentionCheck(
            Meeting,
            meetings_below_quorum,
            f"meeting in the next {quorum_days} days below quorum",
            f"meetings in the next {quorum_days} days below quorum",
            "attention=below-quorum",
            order=90,
        ),
        AttentionCheck(
            Meeting,
            meetings_without_papers,
            f"meeting in the next {PAPERS_DUE_DAYS} days without papers",
            f"meetings in the next {PAPERS_DUE_DAYS} days without papers",
            "attention=no-papers",
            order=100,
        ),
    ]
