"""The meeting rules hold in the services, whoever calls them (pages, email links, API, shell)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from expert_group.models import Meeting, Rsvp
from expert_group.services.meetings import RsvpClosed, rsvp_check_open, rsvp_record

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def over():
    start = timezone.now() - timedelta(hours=3)
    return MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))


def under_way():
    start = timezone.now() - timedelta(minutes=30)
    return MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))


@pytest.mark.parametrize(
    "closed",
    [lambda: MeetingFactory(status=Meeting.Status.CANCELLED), over],
    ids=["cancelled", "over"],
)
def test_rsvp_record_refuses_answers_for_cancelled_and_finished_meetings(member, closed):
    meeting = closed()
    with pytest.raises(RsvpClosed):
        rsvp_check_open(meeting=meeting)
    with pytest.raises(RsvpClosed):
        rsvp_record(meeting=meeting, user=member, response=Rsvp.Response.ATTENDING)
    assert not Rsvp.objects.exists()


def test_an_answer_already_given_is_kept_once_the_meeting_is_cancelled(member):
    meeting = MeetingFactory()
    rsvp_record(meeting=meeting, user=member, response=Rsvp.Response.ATTENDING)
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    with pytest.raises(RsvpClosed):
        rsvp_record(meeting=meeting, user=member, response=Rsvp.Response.APOLOGIES)
    assert Rsvp.objects.get().response == Rsvp.Response.ATTENDING


@pytest.mark.parametrize("make", [MeetingFactory, under_way], ids=["upcoming", "under-way"])
def test_rsvp_record_takes_answers_until_the_meeting_ends(member, make):
    meeting = make()
    rsvp_check_open(meeting=meeting)
    rsvp = rsvp_record(
        meeting=meeting, user=member, response=Rsvp.Response.MAYBE, access_needs=" Ramp "
    )
    assert (rsvp.response, rsvp.access_needs) == (Rsvp.Response.MAYBE, "Ramp")
