"""A member's dashboard and meeting pages come from the cache, and are never stale: every change
in the group shows at once, and a meeting that starts or ends moves on the pages on time."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from expert_group.cache import SECONDS, _seconds_to_keep
from expert_group.models import Membership, Minutes
from tests.expert_group.factories import MembershipFactory
from tests.factories import UserFactory
from tests.publishing.test_early_page_cache import cache_goes_down

from .factories import ActionFactory, MeetingFactory, MinutesFactory, PaperFactory, RsvpFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("expert_group:dashboard")


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_answer_shows_on_the_dashboard_and_the_meeting_page_at_once(client, member):
    meeting = MeetingFactory()
    client.force_login(member)
    assert "not given yet" in page(client, DASHBOARD)
    page(client, meeting.get_absolute_url())
    client.post(reverse("expert_group:meeting-rsvp", args=[meeting.pk]), {"response": "attending"})
    assert "<strong>Attending</strong>" in page(client, DASHBOARD)
    assert "You answered: <strong>Attending</strong>" in page(client, meeting.get_absolute_url())


@pytest.mark.parametrize(
    "change",
    [
        lambda meeting: setattr(meeting, "title", "A new title") or meeting.save(),
        lambda meeting: PaperFactory(meeting=meeting, title="A new title"),
        lambda meeting: ActionFactory(raised_at=meeting, text="A new title"),
    ],
)
def test_staff_changes_show_to_members_at_once(client, member, change):
    meeting = MeetingFactory()
    client.force_login(member)
    assert "A new title" not in page(client, meeting.get_absolute_url())
    page(client, DASHBOARD)
    change(meeting)
    assert "A new title" in page(client, meeting.get_absolute_url())


def test_a_renamed_meeting_shows_on_the_dashboard_at_once(client, member):
    meeting = MeetingFactory()
    client.force_login(member)
    page(client, DASHBOARD)
    meeting.title = "A new title"
    meeting.save()
    assert "A new title" in page(client, DASHBOARD)


def test_approved_minutes_show_at_once(client, member):
    start = timezone.now() - timedelta(days=7)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    minutes = MinutesFactory(meeting=meeting, status=Minutes.Status.DRAFT, body="<p>Agreed</p>")
    client.force_login(member)
    assert "Minutes not yet available" in page(client, DASHBOARD)
    minutes.status = Minutes.Status.APPROVED
    minutes.save()
    assert "Minutes not yet available" not in page(client, DASHBOARD)
    assert "Agreed" in page(client, meeting.get_absolute_url())


def test_an_ended_membership_ends_access_even_with_the_pages_cached(client, member):
    meeting = MeetingFactory()
    client.force_login(member)
    page(client, DASHBOARD)
    page(client, meeting.get_absolute_url())
    Membership.objects.filter(user=member).update(status=Membership.Status.ENDED)
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(meeting.get_absolute_url()).status_code == 403


def test_members_never_see_each_others_answers(client, member):

    meeting = MeetingFactory()
    other = MembershipFactory(user=UserFactory()).user
    RsvpFactory(
        meeting=meeting, user=other, response="attending", access_needs="A hearing loop please"
    )
    client.force_login(other)
    assert "<strong>Attending</strong>" in page(client, DASHBOARD)
    client.force_login(member)
    assert "not given yet" in page(client, DASHBOARD)
    assert "A hearing loop please" not in page(client, meeting.get_absolute_url())


def test_nothing_is_kept_past_the_next_start_or_end_of_a_meeting():
    now = timezone.now()
    MeetingFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(seconds=90))
    assert 60 < _seconds_to_keep() <= 90
    MeetingFactory(starts_at=now + timedelta(seconds=30), ends_at=now + timedelta(hours=2))
    assert 0 < _seconds_to_keep() <= 30


def test_pages_are_kept_for_the_usual_time_with_no_meeting_coming():
    start = timezone.now() - timedelta(days=3)
    MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    assert _seconds_to_keep() == SECONDS


def test_staff_always_get_their_pages_afresh(client, staff, django_assert_max_num_queries):
    meeting = MeetingFactory()
    client.force_login(staff)
    page(client, meeting.get_absolute_url())
    with django_assert_max_num_queries(50) as captured:
        page(client, meeting.get_absolute_url())
    assert any("expert_group_meeting" in query["sql"] for query in captured)


def test_members_pages_and_answers_work_while_the_cache_is_down(client, member, settings):

    meeting = MeetingFactory()
    client.force_login(member)
    cache_goes_down(settings)
    assert "not given yet" in page(client, DASHBOARD)
    answer = client.post(
        reverse("expert_group:meeting-rsvp", args=[meeting.pk]), {"response": "attending"}
    )
    assert answer.status_code == 302
    assert "You answered: <strong>Attending</strong>" in page(client, meeting.get_absolute_url())


def cache_dump() -> bytes:
    from django.core.cache import cache

    backend = cache._cache
    if hasattr(backend, "get_client"):  # Redis
        client = backend.get_client()
        return b"".join(client.dump(key) or b"" for key in client.scan_iter(count=1000))
    return b"".join(backend.values())  # local memory: the pickled entries


def test_the_cache_holds_no_access_needs_or_draft_minutes_in_the_clear(client, member):
    meeting = MeetingFactory()
    RsvpFactory(meeting=meeting, user=member, access_needs="Step-free access, BSL interpreter")
    MinutesFactory(meeting=meeting, body="<p>Confidential draft wording</p>")
    client.force_login(member)
    assert "Step-free access, BSL interpreter" in page(client, meeting.get_absolute_url())
    page(client, DASHBOARD)
    dump = cache_dump()
    assert len(dump) > 1000, "the member's pages are in the cache"
    for secret in (b"Step-free access", b"BSL interpreter", b"Confidential draft wording"):
        assert secret not in dump
    # Served from the cache, decrypted, all the same.
    assert "Step-free access, BSL interpreter" in page(client, meeting.get_absolute_url())
