"""iCalendar output parsed back with the icalendar library: stable UID, SEQUENCE, cancellation."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from expert_group.calendars import meeting_ics
from expert_group.services.meetings import calendar_feed_regenerate, meeting_cancel, meeting_update

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def parse(text) -> Calendar:
    return Calendar.from_ical(text)


def only_event(calendar):
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def download(client, meeting):
    response = client.get(reverse("expert_group:meeting-ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    return parse(response.content)


def test_meeting_ics_is_valid_and_in_utc(client, member):
    start = datetime(2030, 7, 1, 10, 0, tzinfo=UTC)
    meeting = MeetingFactory(
        title="Summer meeting", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    client.force_login(member)
    response = client.get(reverse("expert_group:meeting-ics", args=[meeting.pk]))
    assert b"\r\n" in response.content, "RFC 5545 lines end with CRLF"
    assert b"DTSTART:20300701T100000Z" in response.content
    calendar = parse(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    event = only_event(calendar)
    assert str(event["SUMMARY"]) == "Summer meeting"
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == start + timedelta(hours=2)
    assert event["DTSTAMP"]
    assert "meet.example.org/secret-room-123" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"


def test_uid_is_stable_and_sequence_rises_with_each_change(client, member):
    meeting = MeetingFactory()
    client.force_login(member)
    first = only_event(download(client, meeting))

    meeting.starts_at += timedelta(hours=1)
    meeting.ends_at += timedelta(hours=1)
    meeting_update(meeting=meeting, changed_fields=["starts_at", "ends_at"])
    second = only_event(download(client, meeting))

    meeting.venue = "Another room"
    meeting_update(meeting=meeting, changed_fields=["venue"])
    third = only_event(download(client, meeting))

    assert first["UID"] == second["UID"] == third["UID"]
    assert [first["SEQUENCE"], second["SEQUENCE"], third["SEQUENCE"]] == [0, 1, 2]


def test_a_change_that_calendars_do_not_show_keeps_the_sequence():
    meeting = MeetingFactory()
    meeting.quorum = 6
    meeting_update(meeting=meeting, changed_fields=["quorum"])
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_cancellation_uses_method_cancel_and_status_cancelled(client, member):
    meeting = MeetingFactory()
    meeting_cancel(meeting=meeting)
    meeting.refresh_from_db()
    emailed = parse(meeting_ics(meeting, include_joining_link=True, method="REQUEST"))
    assert str(emailed["METHOD"]) == "CANCEL"
    event = only_event(emailed)
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    client.force_login(member)
    assert str(only_event(download(client, meeting))["STATUS"]) == "CANCELLED"


def test_personal_feed_lists_every_meeting_with_stable_uids(client, member):
    meetings = [MeetingFactory(), MeetingFactory()]
    feed = calendar_feed_regenerate(user=member)
    response = client.get(feed.path)
    calendar = parse(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    uids = sorted(str(event["UID"]) for event in calendar.walk("VEVENT"))
    assert uids == sorted(f"{meeting.uid}@127.0.0.1" for meeting in meetings)
    assert response["Cache-Control"] == "private, no-store"


def test_calendar_without_the_joining_link_leaves_it_out():
    meeting = MeetingFactory()
    text = meeting_ics(meeting, include_joining_link=False)
    assert "secret-room-123" not in text
    assert "LOCATION:" in text


def feed_url_on(page) -> str:
    match = re.search(r'class="feed-url"><code>([^<]+)</code>', page.content.decode())
    assert match, "the page shows no calendar address"
    return match.group(1)


def test_members_can_make_and_turn_off_their_feed_address(client, member, settings):
    client.force_login(member)
    url = reverse("expert_group:calendar-subscription")
    made = client.post(url, {"action": "regenerate"})
    assert "no-store" in made["Cache-Control"]
    feed_url = feed_url_on(made)
    assert feed_url.startswith(settings.SITE_URL + "/expert-group/calendar/")
    path = feed_url.removeprefix(settings.SITE_URL)
    assert client.get(path).status_code == 200
    # Shown once: the database keeps only a hash, so the page cannot show it again.
    again = client.get(url).content.decode()
    assert path not in again
    assert "showed it only once" in again
    assert feed_url_on(client.post(url, {"action": "regenerate"})) != feed_url
    assert client.get(path).status_code == 404
    client.post(url, {"action": "revoke"})
    assert "You have no calendar address" in client.get(url).content.decode()
