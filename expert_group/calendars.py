"""iCalendar (RFC 5545) for meetings: one event per meeting, a stable UID, SEQUENCE raised on
every change that matters, and STATUS:CANCELLED (METHOD:CANCEL in emails) when cancelled.

Times are written in UTC ("Z"), which every calendar converts to the reader's own zone.
"""

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from sitewide.site_url import absolute_url, site_hostname

from .models import Meeting

PRODID = "-//Criminal Justice Alliance//Expert group meetings//EN"


def _uid(meeting: Meeting) -> str:
    host = site_hostname()
    return f"{meeting.uid}@{host}"


def _location(meeting: Meeting, *, include_joining_link: bool) -> str:
    parts = []
    if meeting.format != Meeting.Format.ONLINE and meeting.venue:
        parts.append(meeting.venue)
    if meeting.is_online:
        parts.append(meeting.joining_link if include_joining_link else "Online")
    return " / ".join(part for part in parts if part)


def meeting_event(
    meeting: Meeting, *, include_joining_link: bool, attendee_email: str | None = None
) -> Event:
    event = Event()
    event.add("uid", _uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("url", absolute_url(meeting.get_absolute_url()))
    event.add("last-modified", meeting.updated_at or timezone.now())
    location = _location(meeting, include_joining_link=include_joining_link)
    if location:
        event.add("location", location)
    description = [meeting.description]
    if include_joining_link and meeting.is_online and meeting.joining_link:
        description.append(f"Join online: {meeting.joining_link}")
    if meeting.accessibility:
        description.append(f"Accessibility: {meeting.accessibility}")
    description.append(f"Agenda and papers: {absolute_url(meeting.get_absolute_url())}")
    event.add("description", "\n\n".join(part for part in description if part))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    _, organiser = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add(
        "organizer", vCalAddress(f"mailto:{organiser}"), parameters={"cn": settings.SITE_NAME}
    )
    if attendee_email:
        attendee = vCalAddress(f"mailto:{attendee_email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)
    return event


def _calendar(method: str | None = None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def meeting_ics(
    meeting: Meeting,
    *,
    include_joining_link: bool,
    method: str = "PUBLISH",
    attendee_email: str | None = None,
) -> str:
    """One meeting as an .ics file. Emails use REQUEST (or CANCEL); downloads use PUBLISH."""
    if meeting.is_cancelled and method == "REQUEST":
        method = "CANCEL"
    calendar = _calendar(method)
    calendar.add_component(
        meeting_event(
            meeting, include_joining_link=include_joining_link, attendee_email=attendee_email
        )
    )
    return calendar.to_ical().decode()


def feed_ics(meetings, *, include_joining_link: bool) -> str:
    """A subscription feed: every meeting, cancelled ones included so calendars remove them."""
    calendar = _calendar("PUBLISH", name=f"{settings.SITE_NAME}: expert group meetings")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, include_joining_link=include_joining_link))
    return calendar.to_ical().decode()
