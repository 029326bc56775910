"""Members' meeting pages: what members see, RSVPs from the page, papers and their versions."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from expert_group.models import Action, Meeting, Minutes, PaperView, Rsvp
from expert_group.services.meetings import paper_save
from tests.factories import UserFactory

from .factories import (
    PDF_BYTES,
    ActionFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    PaperFactory,
    RsvpFactory,
)

pytestmark = pytest.mark.django_db


def past(days):
    start = timezone.now() - timedelta(days=days)
    return {"starts_at": start, "ends_at": start + timedelta(hours=2)}


def test_meeting_times_are_shown_in_london_time(client, member):
    # 10:00 UTC on 1 July is 11:00 in London (BST).
    start = datetime(2030, 7, 1, 10, 0, tzinfo=UTC)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    client.force_login(member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Monday 1 July 2030, 11:00" in page
    assert 'to <time datetime="2030-07-01T13:00:00+01:00">13:00</time> (UK time)' in page


def test_dashboard_shows_next_meetings_my_answers_actions_and_past_minutes(client, member):
    upcoming = MeetingFactory(title="Spring meeting")
    RsvpFactory(meeting=upcoming, user=member, response=Rsvp.Response.APOLOGIES)
    earlier = MeetingFactory(title="Winter meeting", **past(40))
    MinutesFactory(meeting=earlier, status=Minutes.Status.APPROVED)
    drafted = MeetingFactory(title="Autumn meeting", **past(80))
    MinutesFactory(meeting=drafted, status=Minutes.Status.DRAFT)
    ActionFactory(raised_at=earlier, text="Someone else's action", owner=UserFactory())
    ActionFactory(raised_at=earlier, text="My action", owner=member)
    ActionFactory(raised_at=earlier, text="A finished action", status=Action.Status.DONE)

    client.force_login(member)
    page = client.get(reverse("expert_group:dashboard")).content.decode()

    assert "Spring meeting" in page
    assert "Sending apologies" in page
    assert page.index("My action") < page.index("Someone else&#x27;s action")
    assert "A finished action" not in page
    minutes_url = reverse("expert_group:meeting-minutes", args=[earlier.pk])
    assert minutes_url in page
    assert reverse("expert_group:meeting-minutes", args=[drafted.pk]) not in page


def test_open_actions_carry_over_to_later_meetings(client, member):
    first = MeetingFactory(**past(60))
    ActionFactory(raised_at=first, text="Still to do")
    ActionFactory(raised_at=first, text="Done already", status=Action.Status.DONE)
    later = MeetingFactory()
    client.force_login(member)
    page = client.get(later.get_absolute_url()).content.decode()
    assert "Still to do" in page
    assert "Done already" not in page


def test_rsvp_from_the_meeting_page_records_the_answer_and_access_needs(client, member):
    meeting = MeetingFactory()
    client.force_login(member)
    url = reverse("expert_group:meeting-rsvp", args=[meeting.pk])
    response = client.post(url, {"response": "attending", "access_needs": "A hearing loop"})
    assert response.status_code == 302
    rsvp = Rsvp.objects.get(meeting=meeting, user=member)
    assert (rsvp.response, rsvp.access_needs) == ("attending", "A hearing loop")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "You answered: <strong>Attending</strong>" in page

    client.post(url, {"response": "apologies", "access_needs": ""})
    rsvp.refresh_from_db()
    assert rsvp.response == "apologies"


def test_an_rsvp_without_an_answer_shows_the_error_summary(client, member):
    meeting = MeetingFactory()
    client.force_login(member)
    response = client.post(reverse("expert_group:meeting-rsvp", args=[meeting.pk]), {})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_cancelled_and_past_meetings_take_no_answers(client, member):
    cancelled = MeetingFactory(status=Meeting.Status.CANCELLED)
    over = MeetingFactory(**past(3))
    client.force_login(member)
    for meeting in (cancelled, over):
        url = reverse("expert_group:meeting-rsvp", args=[meeting.pk])
        client.post(url, {"response": "attending"})
        assert "Save my answer" not in client.get(meeting.get_absolute_url()).content.decode()
    assert not Rsvp.objects.exists()


def test_members_never_see_other_peoples_access_needs(client, member):
    meeting = MeetingFactory()
    RsvpFactory(meeting=meeting, access_needs="Needs a quiet room")
    client.force_login(member)
    assert "quiet room" not in client.get(meeting.get_absolute_url()).content.decode()


def test_a_replaced_paper_shows_as_updated_since_last_opened(
    client, member, django_capture_on_commit_callbacks
):
    paper = PaperFactory(title="Budget")
    client.force_login(member)
    client.get(reverse("expert_group:paper-download", args=[paper.pk]))
    assert PaperView.objects.get(paper=paper, user=member).version == 1
    page = client.get(paper.meeting.get_absolute_url()).content.decode()
    assert "Updated since you last opened it" not in page

    old_name = paper.file.name
    paper.file = SimpleUploadedFile("budget-v2.pdf", PDF_BYTES + b"% v2\n")
    with django_capture_on_commit_callbacks(execute=True):
        paper_save(paper=paper, file_changed=True)
    assert not paper.file.storage.exists(old_name), "the replaced file is removed"
    paper.refresh_from_db()
    assert paper.version == 2
    assert paper.replaced_at is not None
    page = client.get(paper.meeting.get_absolute_url()).content.decode()
    assert "Updated since you last opened it" in page
    assert "Version 2" in page

    client.get(reverse("expert_group:paper-download", args=[paper.pk]))
    page = client.get(paper.meeting.get_absolute_url()).content.decode()
    assert "Updated since you last opened it" not in page


def test_a_meeting_must_end_after_it_starts():
    start = timezone.now() + timedelta(days=3)
    meeting = MeetingFactory.build(starts_at=start, ends_at=start - timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "ends_at" in error.value.message_dict


def test_an_ended_member_loses_the_meeting_pages_at_once(client):
    membership = MembershipFactory()
    meeting = MeetingFactory()
    client.force_login(membership.user)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    membership.status = "ended"
    membership.save()
    assert client.get(meeting.get_absolute_url()).status_code == 403


def test_minutes_are_sanitised_before_members_read_them(client, member):
    meeting = MeetingFactory(**past(7))
    MinutesFactory(
        meeting=meeting,
        status=Minutes.Status.APPROVED,
        body='<p onclick="steal()">Agreed</p><script>steal()</script><a href="javascript:x()">x</a>',
    )
    client.force_login(member)
    page = client.get(reverse("expert_group:meeting-minutes", args=[meeting.pk])).content.decode()
    assert "<p>Agreed</p>" in page
    assert "steal()" not in page
    assert "javascript:" not in page
