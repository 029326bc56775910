"""One-click RSVP links from emails: work without signing in, cannot be forged or re-aimed."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from expert_group.models import Meeting, Membership, Rsvp
from expert_group.services.meetings import RSVP_SALT, rsvp_link_token

from .factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def link(token):
    return reverse("expert_group:rsvp-link", args=[token])


def test_get_shows_a_confirmation_and_changes_nothing(client, member):
    meeting = MeetingFactory(title="Summer meeting")
    response = client.get(link(rsvp_link_token(meeting=meeting, user=member, response="attending")))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Summer meeting" in page
    assert "Confirm: Attending" in page
    assert not Rsvp.objects.exists(), "a link scanner's GET must not answer for the member"


def test_post_records_the_answer_without_signing_in(client, member):
    meeting = MeetingFactory()
    url = link(rsvp_link_token(meeting=meeting, user=member, response="maybe"))
    response = client.post(url, {"access_needs": "Step-free route"})
    assert response.status_code == 200
    assert "your answer is recorded" in response.content.decode()
    rsvp = Rsvp.objects.get()
    assert (rsvp.meeting, rsvp.user, rsvp.response) == (meeting, member, "maybe")
    assert rsvp.access_needs == "Step-free route"


def test_an_empty_access_needs_box_keeps_what_was_said_before(client, member):
    meeting = MeetingFactory()
    Rsvp.objects.create(meeting=meeting, user=member, response="maybe", access_needs="BSL")
    client.post(link(rsvp_link_token(meeting=meeting, user=member, response="attending")))
    rsvp = Rsvp.objects.get()
    assert (rsvp.response, rsvp.access_needs) == ("attending", "BSL")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token.replace(":", "", 1),
        lambda token: "not-a-token",
        lambda token: token + "x",
    ],
)
def test_tampered_links_are_a_clear_400(client, member, tamper):
    meeting = MeetingFactory()
    token = rsvp_link_token(meeting=meeting, user=member, response="attending")
    for method in (client.get, client.post):
        response = method(link(tamper(token)))
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_a_link_cannot_be_re_aimed_at_another_person_or_meeting(client, member):
    meeting, other_meeting = MeetingFactory(), MeetingFactory()
    other = MembershipFactory().user
    token = rsvp_link_token(meeting=meeting, user=member, response="attending")
    _, _, signature = token.partition(":")
    forged_payload = signing.dumps(
        {"m": other_meeting.pk, "u": other.pk, "r": "attending"}, salt=RSVP_SALT
    ).partition(":")[0]
    response = client.post(link(f"{forged_payload}:{signature}"))
    assert response.status_code == 400
    # The same payload signed for another purpose (another salt) is refused too.
    other_salt = signing.dumps({"m": meeting.pk, "u": other.pk, "r": "attending"}, salt="other")
    assert client.post(link(other_salt)).status_code == 400
    assert not Rsvp.objects.exists()


def test_a_link_only_answers_for_the_person_it_was_sent_to(client, member):
    meeting = MeetingFactory()
    someone_else = MembershipFactory().user
    client.force_login(someone_else)
    client.post(link(rsvp_link_token(meeting=meeting, user=member, response="apologies")))
    assert list(Rsvp.objects.values_list("user", "response")) == [(member.pk, "apologies")]


def test_an_ended_members_link_no_longer_works(client, member):
    meeting = MeetingFactory()
    token = rsvp_link_token(meeting=meeting, user=member, response="attending")
    Membership.objects.filter(user=member).update(status=Membership.Status.ENDED)
    assert client.get(link(token)).status_code == 404
    assert client.post(link(token)).status_code == 404
    assert not Rsvp.objects.exists()


def test_links_for_cancelled_or_finished_meetings_say_so(client, member):
    cancelled = MeetingFactory(status=Meeting.Status.CANCELLED)
    start = timezone.now() - timedelta(days=1)
    over = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=1))
    for meeting in (cancelled, over):
        token = rsvp_link_token(meeting=meeting, user=member, response="attending")
        response = client.post(link(token))
        assert response.status_code == 410
        assert "no longer takes answers" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_old_links_expire(client, member, settings):
    meeting = MeetingFactory()
    token = rsvp_link_token(meeting=meeting, user=member, response="attending")
    settings.RSVP_LINK_MAX_AGE_DAYS = -1
    assert client.get(link(token)).status_code == 400


def test_a_deleted_meeting_is_404_not_500(client, member):
    meeting = MeetingFactory()
    token = rsvp_link_token(meeting=meeting, user=member, response="attending")
    meeting.delete()
    assert client.get(link(token)).status_code == 404
