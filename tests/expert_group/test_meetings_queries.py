"""The members' pages cost the same number of queries however many meetings and papers."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from expert_group.models import Minutes

from .factories import (
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    PaperFactory,
    RsvpFactory,
)

pytestmark = pytest.mark.django_db


def make_meetings(count, user):
    for _ in range(count):
        upcoming = MeetingFactory()
        RsvpFactory(meeting=upcoming, user=user)
        start = timezone.now() - timedelta(days=30)
        earlier = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
        MinutesFactory(meeting=earlier, status=Minutes.Status.APPROVED)
        ActionFactory(raised_at=earlier, owner=user)


def make_meeting_with_papers(count):
    meeting = MeetingFactory()
    for _ in range(count):
        paper = PaperFactory(meeting=meeting)
        AgendaItemFactory(meeting=meeting).papers.add(paper)
        ActionFactory(raised_at=meeting)
    MinutesFactory(meeting=meeting, status=Minutes.Status.APPROVED)
    return meeting


def count_queries(client, url, django_assert_max_num_queries, budget):
    client.get(url)  # the first request of a session records it (allauth's user sessions)
    cache.clear()  # computed afresh, not from the members' pages cache
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["dashboard", "meeting"])
def test_members_pages_cost_one_query_once_cached(client, member, django_assert_num_queries, page):
    make_meetings(3, member)
    meeting = make_meeting_with_papers(3)
    client.force_login(member)
    url = reverse("expert_group:dashboard") if page == "dashboard" else meeting.get_absolute_url()
    client.get(url)
    # The account with its membership, read together (access is checked on every request).
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("user_kind", ["member", "staff"])
def test_dashboard_queries_do_not_grow_with_meetings(
    client, request, django_assert_max_num_queries, user_kind
):
    user = request.getfixturevalue(user_kind)
    client.force_login(user)
    url = reverse("expert_group:dashboard")
    make_meetings(2, user)
    few = count_queries(client, url, django_assert_max_num_queries, 16)
    make_meetings(8, user)
    many = count_queries(client, url, django_assert_max_num_queries, 16)
    assert few == many


def test_meeting_page_queries_do_not_grow_with_papers(
    client, member, django_assert_max_num_queries
):
    client.force_login(member)
    few = make_meeting_with_papers(2)
    many = make_meeting_with_papers(10)
    small = count_queries(client, few.get_absolute_url(), django_assert_max_num_queries, 16)
    large = count_queries(client, many.get_absolute_url(), django_assert_max_num_queries, 16)
    assert small == large


def test_api_meeting_detail_queries_do_not_grow_with_papers(
    client, member, django_assert_max_num_queries
):
    client.force_login(member)
    few = make_meeting_with_papers(2)
    many = make_meeting_with_papers(10)
    small = count_queries(
        client,
        reverse("members_api:meeting-detail", args=[few.pk]),
        django_assert_max_num_queries,
        16,
    )
    large = count_queries(
        client,
        reverse("members_api:meeting-detail", args=[many.pk]),
        django_assert_max_num_queries,
        16,
    )
    assert small == large
