"""Staff see how many follow what; never a list of addresses to copy or export."""

import pytest
from django.urls import reverse

from subscriptions.models import Subscriber
from tests.campaigns.factories import CampaignFactory
from tests.factories import UserFactory, staff_user

from .factories import SubscriptionFactory, follower

pytestmark = pytest.mark.django_db

COUNTS = reverse("admin:subscriptions_subscription_changelist")
SUBSCRIBERS = reverse("admin:subscriptions_subscriber_changelist")


@pytest.fixture
def staff_client(client):
    client.force_login(staff_user())
    return client


def make_followers(campaign, n):
    for i in range(n):
        follower(email=f"c{campaign.pk}-{i}@example.org", campaign=campaign, frequency="weekly")


def test_the_subscriptions_page_shows_counts_per_target_and_frequency_and_no_address(
    staff_client, django_assert_num_queries
):
    campaign = CampaignFactory(title="Prisons campaign")
    follower(email="ada@example.org")
    follower(email="bob@example.org")
    follower(email="cat@example.org", frequency="weekly")
    make_followers(campaign, 2)
    SubscriptionFactory(
        subscriber__email="pending@example.org", subscriber__status="unconfirmed", confirmed_at=None
    )
    follower(email="gone@example.org", status=Subscriber.Status.BOUNCED)

    response = staff_client.get(COUNTS)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert {
        (r["target"], r["name"], r["immediate"], r["weekly"], r["unconfirmed"]) for r in rows
    } == {
        ("A campaign", "Prisons campaign", 0, 2, 0),
        ("Every new publication", "", 2, 1, 1),
    }
    page = response.content.decode()
    assert "@example.org" not in page
    assert response.context["subscribers"]["Confirmed"] == 5

    make_followers(CampaignFactory(), 3)
    with django_assert_num_queries(len(_queries(staff_client))):
        staff_client.get(COUNTS)


def _queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(COUNTS)
    return queries


def test_subscribers_are_listed_masked_and_found_only_by_their_full_address(staff_client):
    follower(email="ada@example.org")
    follower(email="bob@example.org")
    page = staff_client.get(SUBSCRIBERS).content.decode()
    assert "a•••@example.org" in page and "b•••@example.org" in page
    assert "ada@example.org" not in page

    found = staff_client.get(SUBSCRIBERS, {"q": "example.org"}).context["cl"].result_list
    assert list(found) == []
    found = staff_client.get(SUBSCRIBERS, {"q": " ADA@example.org "}).context["cl"].result_list
    assert [s.email for s in found] == ["ada@example.org"]


def test_there_is_no_export_action_only_bounce_and_delete(staff_client):
    follower(email="ada@example.org")
    response = staff_client.get(SUBSCRIBERS)
    actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "mark_bounced", "delete_selected"]


def test_staff_mark_a_hard_bounce(staff_client):
    ada = follower(email="ada@example.org")
    response = staff_client.post(
        SUBSCRIBERS, {"action": "mark_bounced", "_selected_action": [ada.pk]}, follow=True
    )
    assert "1 address(es) marked as bounced" in response.content.decode()
    ada.refresh_from_db()
    assert ada.status == Subscriber.Status.BOUNCED


def test_a_subscribers_page_shows_the_consent_record_but_not_the_address(staff_client):
    ada = follower(email="ada@example.org")
    page = staff_client.get(
        reverse("admin:subscriptions_subscriber_change", args=[ada.pk])
    ).content.decode()
    assert "a•••@example.org" in page
    assert "ada@example.org" not in page
    assert "double opt-in link" in page
    assert "Email me updates." in page


def test_people_without_staff_powers_see_nothing(client):
    client.force_login(UserFactory(is_staff=False))
    assert client.get(COUNTS).status_code == 302
    assert client.get(SUBSCRIBERS).status_code == 302
