"""Meeting reads shared by the members' pages, calendars and the API, so none can show more.

Each takes the person asking; without access to the group they return nothing. The admin's
"needs attention" queries (staff only, no person asked) close the module.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from sitewide.staff import staff_can

from ..models import Action, AgendaItem, CalendarFeed, Meeting, Minutes, Paper, PaperView, Rsvp
from ..permissions import user_has_group_access
from ..permissions import user_has_group_access_once as _has_access


def minutes_visible_statuses(user) -> list[str]:
    """Draft minutes are for staff with MFA who may view minutes in the admin."""
    if staff_can(user, "expert_group.view_minutes"):
        return list(Minutes.Status.values)
    return [Minutes.Status.APPROVED, Minutes.Status.CIRCULATED]


def staff_links_for(*, user) -> dict[str, bool]:
    """Which staff-only links a meeting page offers this person (the admin's permissions)."""
    return {
        "edit_meeting": staff_can(user, "expert_group.change_meeting"),
        "attendance": staff_can(user, "expert_group.view_rsvp"),
    }


def meetings_visible_to(user) -> QuerySet[Meeting]:
    if not _has_access(user):
        return Meeting.objects.none()
    return Meeting.objects.all()


def _with_my_rsvp(queryset: QuerySet[Meeting], user) -> QuerySet[Meeting]:
    return queryset.prefetch_related(
        Prefetch("rsvps", queryset=Rsvp.objects.filter(user=user), to_attr="my_rsvps")
    )


def meetings_upcoming(*, user) -> QuerySet[Meeting]:
    """Meetings not yet over, soonest first, each with `my_rsvps` (a list of at most one)."""
    meetings = meetings_visible_to(user).filter(ends_at__gte=timezone.now()).order_by("starts_at")
    return _with_my_rsvp(meetings, user)


def meetings_past(*, user) -> QuerySet[Meeting]:
    """Meetings that have ended, latest first, with their minutes joined in (check visibility
    with `minutes_for`)."""
    return (
        meetings_visible_to(user)
        .filter(ends_at__lt=timezone.now())
        .order_by("-starts_at")
        .select_related("minutes")
    )


def minutes_for(*, meeting: Meeting, user) -> Minutes | None:
    """The meeting's minutes if this person may read them: drafts are for staff only."""
    try:
        minutes = meeting.minutes
    except Minutes.DoesNotExist:
        return None
    if minutes.status not in minutes_visible_statuses(user):
        return None
    return minutes


def meeting_detail(*, user, pk: int) -> Meeting:
    """One meeting with its agenda, papers (with `my_views`), minutes and my RSVP; or DoesNotExist."""
    papers = Paper.objects.order_by("order", "pk").prefetch_related(
        Prefetch("views", queryset=PaperView.objects.filter(user=user), to_attr="my_views")
    )
    agenda = AgendaItem.objects.order_by("order", "pk").prefetch_related(
        Prefetch("papers", queryset=Paper.objects.order_by("order", "pk"))
    )
    meetings = _with_my_rsvp(meetings_visible_to(user), user).select_related("minutes")
    return meetings.prefetch_related(
        Prefetch("papers", queryset=papers, to_attr="paper_list"),
        Prefetch("agenda_items", queryset=agenda, to_attr="agenda"),
    ).get(pk=pk)


def papers_visible_to(user) -> QuerySet[Paper]:
    return Paper.objects.filter(meeting__in=meetings_visible_to(user))


def actions_open(*, user) -> QuerySet[Action]:
    """Open actions from every meeting, the person's own first, then by due date."""
    if not _has_access(user):
        return Action.objects.none()
    return (
        Action.objects.filter(status=Action.Status.OPEN)
        .select_related("owner", "raised_at")
        .annotate(
            mine=Case(
                When(owner=user, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("mine", "due_on", "pk")
    )


def actions_for_meeting(*, meeting: Meeting, user) -> QuerySet[Action]:
    """Actions raised at this meeting, and those still open from earlier meetings."""
    if not _has_access(user):
        return Action.objects.none()
    earlier_open = Q(status=Action.Status.OPEN, raised_at__starts_at__lt=meeting.starts_at)
    return (
        Action.objects.filter(Q(raised_at=meeting) | earlier_open)
        .select_related("owner", "raised_at")
        .order_by("status", "due_on", "pk")
    )


def rsvps_of(*, user) -> QuerySet[Rsvp]:
    """This person's answers for meetings not yet over."""
    return (
        Rsvp.objects.filter(user=user, meeting__in=meetings_visible_to(user))
        .filter(meeting__ends_at__gte=timezone.now())
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )


def attendance(*, meeting: Meeting) -> QuerySet[Rsvp]:
    return meeting.rsvps.select_related("user").order_by("response", "user__full_name")


def rsvp_link_target(*, user_id: int, meeting_id: int):
    """The member and meeting a one-click answer link names: (user, meeting), or None when
    either is gone or the person no longer has access to the group."""
    user = get_user_model().objects.filter(pk=user_id).first()
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if user is None or meeting is None or not user_has_group_access(user):
        return None
    return user, meeting


def calendar_feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The feed behind a secret address, found by the token's hash (the token is not stored)."""
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=calendar_feed_token_hash(token))
        .first()
    )


# ------------------------------------------------------------------------------
# Meetings staff should look at before they happen (the admin home and the meetings list)
# ------------------------------------------------------------------------------
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
