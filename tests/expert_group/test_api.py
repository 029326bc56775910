"""The members' API: the same meetings as the pages, and RSVPs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from expert_group.models import Minutes, Rsvp

from .factories import MeetingFactory, MinutesFactory, RsvpFactory

pytestmark = pytest.mark.django_db


def test_my_meetings_lists_what_is_coming_with_my_answer(client, member):
    coming = MeetingFactory(title="Coming")
    RsvpFactory(meeting=coming, user=member, response=Rsvp.Response.MAYBE)
    start = timezone.now() - timedelta(days=5)
    MeetingFactory(title="Over", starts_at=start, ends_at=start + timedelta(hours=1))
    client.force_login(member)
    data = client.get(reverse("members_api:meeting-list")).json()
    assert [(row["title"], row["my_rsvp"]) for row in data["results"]] == [("Coming", "maybe")]


def test_rsvp_through_the_api(client, member):
    meeting = MeetingFactory()
    client.force_login(member)
    url = reverse("members_api:meeting-rsvp", args=[meeting.pk])
    response = client.post(
        url, {"response": "apologies", "access_needs": "None"}, content_type="application/json"
    )
    assert response.json() == {"meeting": meeting.pk, "response": "apologies"}
    assert Rsvp.objects.get().access_needs == "None"
    bad = client.post(url, {"response": "perhaps"}, content_type="application/json")
    assert bad.status_code == 400
    assert "response" in bad.json()


def test_no_answers_for_meetings_that_are_over(client, member):
    start = timezone.now() - timedelta(days=5)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=1))
    client.force_login(member)
    response = client.post(
        reverse("members_api:meeting-rsvp", args=[meeting.pk]),
        {"response": "attending"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert not Rsvp.objects.exists()


def test_approved_minutes_appear_and_drafts_only_for_staff(client, member, staff):
    meeting = MeetingFactory()
    minutes = MinutesFactory(meeting=meeting, status=Minutes.Status.DRAFT, body="<p>Draft</p>")
    url = reverse("members_api:meeting-detail", args=[meeting.pk])
    client.force_login(member)
    assert client.get(url).json()["minutes"] is None
    client.force_login(staff)
    assert client.get(url).json()["minutes"]["status"] == "draft"
    minutes.status = Minutes.Status.APPROVED
    minutes.save()
    client.force_login(member)
    assert client.get(url).json()["minutes"] == {"status": "approved", "body": "<p>Draft</p>"}


def test_the_api_needs_csrf_for_session_posts(member):
    from django.test import Client

    meeting = MeetingFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(
        reverse("members_api:meeting-rsvp", args=[meeting.pk]),
        {"response": "attending"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Rsvp.objects.exists()
