"""Meetings, papers, minutes and RSVPs: every write with a side effect, and the emails it causes.

Emails are queued through the outbox inside the same transaction as the change, one per person,
with keys that make a repeated call harmless (`meeting-42-changed-v3-user-7`). Only active
members are ever emailed about a meeting, and only if they asked for that kind of email.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.services import Attachment, email_queue
from sitewide.site_url import absolute_url

from ..calendars import meeting_ics
from ..models import CalendarFeed, Meeting, Minutes, Paper, PaperView, ReminderSent, Rsvp
from ..selectors.meetings import calendar_feed_token_hash
from ..selectors.membership import members_to_notify

RSVP_SALT = "expert_group.rsvp-link"
# Changing any of these changes what a calendar shows, so SEQUENCE goes up and members are told.
SIGNIFICANT_FIELDS = {
    "title",
    "starts_at",
    "ends_at",
    "format",
    "venue",
    "joining_link",
    "accessibility",
    "description",
}


class RsvpLinkInvalid(Exception):
    pass


class RsvpClosed(Exception):
    """The meeting is cancelled or over, so it takes no answers."""


@dataclass(frozen=True)
class RsvpLink:
    meeting_id: int
    user_id: int
    response: str


# ------------------------------------------------------------------------------
# One-click RSVP links
# ------------------------------------------------------------------------------
def rsvp_link_token(*, meeting: Meeting, user, response: str) -> str:
    return signing.dumps({"m": meeting.pk, "u": user.pk, "r": response}, salt=RSVP_SALT)


def rsvp_link_read(*, token: str) -> RsvpLink:
    """The meeting, person and answer a link stands for; RsvpLinkInvalid if forged or expired."""
    try:
        data = signing.loads(
            token, salt=RSVP_SALT, max_age=timedelta(days=settings.RSVP_LINK_MAX_AGE_DAYS)
        )
        link = RsvpLink(int(data["m"]), int(data["u"]), str(data["r"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise RsvpLinkInvalid from error
    if link.response not in Rsvp.Response.values:
        raise RsvpLinkInvalid
    return link


def rsvp_links(*, meeting: Meeting, user) -> dict[str, str]:
    return {
        response: absolute_url(
            reverse(
                "expert_group:rsvp-link",
                args=[rsvp_link_token(meeting=meeting, user=user, response=response)],
            )
        )
        for response in Rsvp.Response.values
    }


# ------------------------------------------------------------------------------
# RSVPs
# ------------------------------------------------------------------------------
def rsvp_check_open(*, meeting: Meeting) -> None:
    """RsvpClosed if the meeting no longer takes answers: it is cancelled, or it is over."""
    if meeting.is_cancelled or meeting.ends_at < timezone.now():
        raise RsvpClosed


def rsvp_record(*, meeting: Meeting, user, response: str, access_needs: str | None = None) -> Rsvp:
    """Record (or change) a person's answer. `access_needs=None` keeps what they said before.

    RsvpClosed for a cancelled or finished meeting, whoever asks (page, email link, API, shell).
    """
    rsvp_check_open(meeting=meeting)
    if response not in Rsvp.Response.values:
        raise ValueError(f"Unknown response {response!r}")
    defaults = {"response": response, "responded_at": timezone.now()}
    if access_needs is not None:
        defaults["access_needs"] = access_needs.strip()
    rsvp, _ = Rsvp.objects.update_or_create(meeting=meeting, user=user, defaults=defaults)
    return rsvp


# ------------------------------------------------------------------------------
# Meeting notices
# ------------------------------------------------------------------------------
def _meeting_context(meeting: Meeting, user) -> dict:
    return {
        "meeting": meeting,
        "recipient": user,
        "meeting_url": absolute_url(meeting.get_absolute_url()),
        "rsvp_links": rsvp_links(meeting=meeting, user=user),
        "start": timezone.localtime(meeting.starts_at),
        "end": timezone.localtime(meeting.ends_at),
    }


def _ics_attachment(meeting: Meeting, user) -> Attachment:
    content = meeting_ics(
        meeting, include_joining_link=True, method="REQUEST", attendee_email=user.email
    )
    return Attachment("meeting.ics", content, "text/calendar; method=" + _method(meeting))


def _method(meeting: Meeting) -> str:
    return "CANCEL" if meeting.is_cancelled else "REQUEST"


def _email_members(
    meeting: Meeting,
    *,
    preference: str,
    key: str,
    template: str,
    context: dict | None = None,
    with_ics: bool = False,
    skip_user_ids: frozenset[int] = frozenset(),
) -> list:
    """Queue one email per member who wants this kind; returns the users emailed."""
    emailed = []
    for membership in members_to_notify(preference=preference):
        user = membership.user
        if user.pk in skip_user_ids:
            continue
        email_queue(
            key=f"meeting-{meeting.pk}-{key}-user-{user.pk}",
            to=[user.email],
            template=template,
            context={**_meeting_context(meeting, user), **(context or {})},
            attachments=(_ics_attachment(meeting, user),) if with_ics else (),
            # One-click RSVP links answer for the member without signing in.
            carries_secret=True,
        )
        emailed.append(user)
    return emailed


def _notify_members(meeting: Meeting, *, event: str, template: str) -> int:
    emailed = _email_members(
        meeting,
        preference="email_meeting_notices",
        key=f"{event}-v{meeting.sequence}",
        template=template,
        with_ics=True,
    )
    return len(emailed)


@transaction.atomic
def meeting_schedule(*, meeting: Meeting) -> Meeting:
    """Save a new meeting and send every member the invitation with its calendar entry."""
    meeting.full_clean()
    meeting.status = Meeting.Status.SCHEDULED
    meeting.save()
    _notify_members(meeting, event="scheduled", template="meeting_scheduled")
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, changed_fields) -> Meeting:
    """Save changes; if calendars would show something different, raise SEQUENCE and tell members."""
    significant = SIGNIFICANT_FIELDS.intersection(changed_fields)
    if significant and not meeting.is_cancelled:
        meeting.sequence += 1
        if {"starts_at", "ends_at"} & significant:
            meeting.quorum_alerted_at = None
    meeting.save()
    if significant and not meeting.is_cancelled:
        _notify_members(meeting, event="changed", template="meeting_changed")
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        return meeting
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    _notify_members(meeting, event="cancelled", template="meeting_cancelled")
    return meeting


# ------------------------------------------------------------------------------
# Reminders and quorum alerts (periodic jobs)
# ------------------------------------------------------------------------------
def reminders_send_due(*, now=None) -> int:
    """Send each member one reminder for each meeting starting within MEETING_REMINDER_DAYS.

    Runs every few minutes from beat; a ReminderSent row per person and meeting time makes a
    second run (or two at once) send nothing more. Returns how many reminders were queued.
    """
    now = now or timezone.now()
    window_end = now + timedelta(days=settings.MEETING_REMINDER_DAYS)
    due_ids = list(
        Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=window_end
        ).values_list("pk", flat=True)
    )
    return sum(_meeting_reminders_send(meeting_id=pk) for pk in due_ids)


@transaction.atomic
def _meeting_reminders_send(*, meeting_id: int) -> int:
    meeting = (
        Meeting.objects.select_for_update(skip_locked=True)
        .filter(pk=meeting_id, status=Meeting.Status.SCHEDULED)
        .first()
    )
    if meeting is None:
        return 0
    already = frozenset(
        ReminderSent.objects.filter(meeting=meeting, starts_at=meeting.starts_at).values_list(
            "user_id", flat=True
        )
    )
    emailed = _email_members(
        meeting,
        preference="email_reminders",
        key=f"reminder-{meeting.starts_at:%Y%m%d%H%M}",
        template="meeting_reminder",
        with_ics=True,
        skip_user_ids=already,
    )
    ReminderSent.objects.bulk_create(
        ReminderSent(meeting=meeting, user=user, starts_at=meeting.starts_at) for user in emailed
    )
    return len(emailed)


def quorum_check(*, now=None) -> int:
    """Alert staff about meetings within MEETING_QUORUM_CHECK_DAYS with too few attending."""
    now = now or timezone.now()
    window_end = now + timedelta(days=settings.MEETING_QUORUM_CHECK_DAYS)
    candidates = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=window_end,
        quorum_alerted_at__isnull=True,
    ).values_list("pk", flat=True)
    return sum(_meeting_quorum_alert(meeting_id=pk) for pk in list(candidates))


@transaction.atomic
def _meeting_quorum_alert(*, meeting_id: int) -> int:
    meeting = (
        Meeting.objects.select_for_update(skip_locked=True)
        .filter(pk=meeting_id, quorum_alerted_at__isnull=True)
        .first()
    )
    if meeting is None:
        return 0
    attending = meeting.rsvps.filter(response=Rsvp.Response.ATTENDING).count()
    if attending >= meeting.effective_quorum:
        return 0
    email_queue(
        key=f"meeting-{meeting.pk}-quorum-alert-v{meeting.sequence}",
        to=list(settings.STAFF_ALERT_EMAILS),
        template="meeting_quorum_alert",
        context={
            "meeting": meeting,
            "attending": attending,
            "quorum": meeting.effective_quorum,
            "start": timezone.localtime(meeting.starts_at),
            "admin_url": absolute_url(
                reverse("admin:expert_group_meeting_change", args=[meeting.pk])
            ),
        },
    )
    meeting.quorum_alerted_at = timezone.now()
    meeting.save(update_fields=["quorum_alerted_at"])
    return 1


# ------------------------------------------------------------------------------
# Papers
# ------------------------------------------------------------------------------
def paper_describe_file(*, paper: Paper) -> None:
    """Record the format and size shown next to the download link ("PDF, 1.2 MB").

    A new upload is also renamed after its real format, before it is stored.
    """
    paper.describe_file()


def paper_save(*, paper: Paper, file_changed: bool) -> Paper:
    """Save a paper; a new file on an existing paper is a new version, and the old file goes."""
    replaced_name = None
    if paper.pk and file_changed:
        paper.version += 1
        paper.replaced_at = timezone.now()
        replaced_name = Paper.objects.filter(pk=paper.pk).values_list("file", flat=True).first()
    if file_changed or not paper.file_format:
        paper_describe_file(paper=paper)
    paper.save()
    if replaced_name and replaced_name != paper.file.name:
        storage = paper.file.storage
        transaction.on_commit(lambda: storage.delete(replaced_name))
    return paper


def paper_opened(*, paper: Paper, user) -> None:
    PaperView.objects.update_or_create(
        paper=paper, user=user, defaults={"version": paper.version, "opened_at": timezone.now()}
    )


@transaction.atomic
def paper_circulate(*, meeting: Meeting) -> int:
    """Email members the meeting's papers. The same set of versions is only ever sent once."""
    papers = list(meeting.papers.order_by("order", "pk"))
    if not papers:
        return 0
    versions = ",".join(f"{paper.pk}v{paper.version}" for paper in papers)
    stamp = hashlib.sha256(versions.encode()).hexdigest()[:12]
    emailed = _email_members(
        meeting,
        preference="email_papers",
        key=f"papers-{stamp}",
        template="meeting_papers",
        context={"papers": papers},
    )
    return len(emailed)


# ------------------------------------------------------------------------------
# Minutes
# ------------------------------------------------------------------------------
def minutes_approve(*, minutes: Minutes) -> Minutes:
    if minutes.status == Minutes.Status.DRAFT:
        minutes.status = Minutes.Status.APPROVED
        minutes.approved_at = timezone.now()
        minutes.save(update_fields=["status", "approved_at", "updated_at"])
    return minutes


@transaction.atomic
def minutes_circulate(*, minutes: Minutes) -> int:
    """Email members approved minutes. Draft minutes are never circulated."""
    if minutes.status == Minutes.Status.DRAFT:
        raise ValueError("Approve the minutes before circulating them.")
    if minutes.status != Minutes.Status.CIRCULATED:
        minutes.status = Minutes.Status.CIRCULATED
        minutes.circulated_at = timezone.now()
        minutes.save(update_fields=["status", "circulated_at", "updated_at"])
    meeting = minutes.meeting
    minutes_url = absolute_url(reverse("expert_group:meeting-minutes", args=[meeting.pk]))
    emailed = _email_members(
        meeting,
        preference="email_papers",
        key="minutes",
        template="meeting_minutes",
        context={"minutes_url": minutes_url},
    )
    return len(emailed)


# ------------------------------------------------------------------------------
# Calendar subscription
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class IssuedCalendarFeed:
    """A new feed and its token: the one moment the address can be shown (only its hash stays)."""

    feed: CalendarFeed
    token: str

    @property
    def path(self) -> str:
        return reverse("expert_group:calendar-feed", args=[self.token])

    @property
    def url(self) -> str:
        return absolute_url(self.path)


def calendar_feed_regenerate(*, user) -> IssuedCalendarFeed:
    """Give the person a new secret feed address; the old one stops working at once."""
    token = secrets.token_urlsafe(32)
    feed, _ = CalendarFeed.objects.update_or_create(
        user=user,
        defaults={"token_hash": calendar_feed_token_hash(token), "created_at": timezone.now()},
    )
    return IssuedCalendarFeed(feed=feed, token=token)


def calendar_feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()
