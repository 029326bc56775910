"""The signed links in our emails: confirm, manage, unsubscribe (one click, RFC 8058)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from subscriptions import links
from subscriptions.models import Subscriber, Subscription
from tests.campaigns.factories import CampaignFactory

from .conftest import emails_to, link_in, path_of
from .factories import SubscriptionFactory, follower

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def confirm_path(client):
    client.post(
        reverse("subscriptions:follow-publications"),
        {"email": "ada@example.org", "frequency": "immediate"},
    )
    return path_of(link_in(emails_to("ada@example.org")[0], "confirm"))


def test_opening_the_link_confirms_nothing_until_the_button_is_pressed(
    client, confirm_path, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get(confirm_path)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private, no-store")
    page = response.content.decode()
    assert "Yes, send me these updates" in page
    assert "ada@example.org" in page
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None, "a mail scanner following links confirms nothing"

    response = client.post(confirm_path)
    assert response.status_code == 200
    assert "You are signed up for email updates" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_confirmed
    assert "double opt-in" in subscription.confirmed_how
    assert subscription.subscriber.status == Subscriber.Status.CONFIRMED


def test_confirming_needs_the_forms_csrf_token(confirm_path):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(confirm_path).status_code == 403
    assert Subscription.objects.get().confirmed_at is None


@pytest.mark.parametrize("name", ["confirm", "manage", "unsubscribe"])
@pytest.mark.parametrize("token", ["nonsense", "eyJzIjoxfQ:1abc:def", "a\x00b", "1" * 400])
def test_a_forged_or_mangled_link_is_a_400_explaining_what_to_do(client, name, token):
    follower(email="ada@example.org")
    response = client.get(reverse(f"subscriptions:{name}", args=[token]))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_a_link_for_one_address_cannot_be_turned_into_another(client):
    ada = follower(email="ada@example.org")
    token = links.subscriber_token(subscriber=ada, salt=links.MANAGE_SALT)
    response = client.get(reverse("subscriptions:unsubscribe", args=[token]))
    assert response.status_code == 400, "a manage link is not an unsubscribe link"


def test_a_confirmation_link_expires(client, confirm_path, settings):
    settings.UPDATES_UNCONFIRMED_DAYS = 0
    assert client.get(confirm_path).status_code == 400
    assert client.post(confirm_path).status_code == 400
    assert Subscription.objects.get().confirmed_at is None


def test_a_confirmation_link_for_a_deleted_request_no_longer_works(client, confirm_path):
    Subscription.objects.all().delete()
    assert client.post(confirm_path).status_code == 400


def test_a_bounced_address_cannot_be_confirmed(client, confirm_path):
    Subscriber.objects.update(status=Subscriber.Status.BOUNCED)
    assert client.post(confirm_path).status_code == 400
    assert Subscription.objects.get().confirmed_at is None


def unsubscribe_path(subscriber):
    return path_of(links.unsubscribe_url(subscriber=subscriber))


def test_one_click_unsubscribe_works_without_a_csrf_token(django_assert_max_num_queries):
    ada = follower(email="ada@example.org")
    mail_provider = Client(enforce_csrf_checks=True)
    response = mail_provider.post(
        unsubscribe_path(ada),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    ada.refresh_from_db()
    assert ada.status == Subscriber.Status.UNSUBSCRIBED
    assert not ada.subscriptions.exists()


def test_opening_the_unsubscribe_link_only_asks(client, django_assert_num_queries):
    ada = follower(email="ada@example.org")
    with django_assert_num_queries(1):
        response = client.get(unsubscribe_path(ada))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private, no-store")
    assert 'name="List-Unsubscribe" value="One-Click"' in response.content.decode()
    ada.refresh_from_db()
    assert ada.status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize("body", ["", "List-Unsubscribe=Yes", "unsubscribe=One-Click"])
def test_any_other_post_body_unsubscribes_nobody(client, body):
    ada = follower(email="ada@example.org")
    response = client.post(
        unsubscribe_path(ada), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    ada.refresh_from_db()
    assert ada.status == Subscriber.Status.CONFIRMED


def manage_path(subscriber):
    return path_of(links.manage_url(subscriber=subscriber))


def test_the_manage_page_lists_what_an_address_follows(client, django_assert_num_queries):
    ada = follower(email="ada@example.org")
    campaign = CampaignFactory(title="Prisons campaign")
    SubscriptionFactory(subscriber=ada, target="campaign", campaign=campaign, frequency="weekly")
    with django_assert_num_queries(2):
        response = client.get(manage_path(ada))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private, no-store")
    page = response.content.decode()
    assert "Every new publication" in page
    assert "The campaign “Prisons campaign”" in page
    assert page.count('name="action" value="stop"') == 2


def test_an_unconfirmed_request_is_not_listed_as_followed(client):
    ada = follower(email="ada@example.org")
    campaign = CampaignFactory(title="Unconfirmed campaign")
    SubscriptionFactory(subscriber=ada, target="campaign", campaign=campaign, confirmed_at=None)
    assert "Unconfirmed campaign" not in client.get(manage_path(ada)).content.decode()


def test_changing_how_often_and_stopping_one_subscription(client):
    ada = follower(email="ada@example.org")
    campaign = CampaignFactory()
    other = SubscriptionFactory(subscriber=ada, target="campaign", campaign=campaign)
    publications = ada.subscriptions.get(target="publications")
    response = client.post(
        manage_path(ada),
        {"subscription": publications.pk, "action": "frequency", "frequency": "weekly"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Updates about every new publication: weekly digest." in response.content.decode()
    publications.refresh_from_db()
    assert publications.frequency == "weekly"

    response = client.post(
        manage_path(ada), {"subscription": other.pk, "action": "stop"}, follow=True
    )
    assert "You no longer get updates about the campaign" in response.content.decode()
    assert list(ada.subscriptions.all()) == [publications]
    ada.refresh_from_db()
    assert ada.status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize(
    "data",
    [
        {"subscription": "", "action": "stop"},
        {"subscription": "١٢", "action": "stop"},
        {"subscription": "9" * 30, "action": "stop"},
        {"subscription": "OTHER", "action": "stop"},
        {"subscription": "OWN", "action": "delete-everything"},
        {"subscription": "OWN", "action": "frequency", "frequency": "hourly"},
        {"subscription": "OWN\x00", "action": "stop"},
    ],
)
def test_a_bad_change_is_a_400_and_changes_nothing(client, data):
    ada = follower(email="ada@example.org")
    bob = follower(email="bob@example.org")
    own = ada.subscriptions.get().pk
    theirs = bob.subscriptions.get().pk
    data = {
        key: value.replace("OWN", str(own)).replace("OTHER", str(theirs))
        for key, value in data.items()
    }
    response = client.post(manage_path(ada), data)
    assert response.status_code == 400
    assert Subscription.objects.count() == 2
    assert set(Subscription.objects.values_list("frequency", flat=True)) == {"immediate"}


def test_the_manage_page_needs_the_forms_csrf_token():
    ada = follower(email="ada@example.org")
    subscription = ada.subscriptions.get()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(manage_path(ada), {"subscription": subscription.pk, "action": "stop"})
    assert response.status_code == 403
    assert ada.subscriptions.exists()


def test_unsubscribing_rotates_the_key_every_old_link_stops_and_shows_no_address(client):
    ada = follower(email="ada@example.org")
    old_manage, old_unsubscribe = manage_path(ada), unsubscribe_path(ada)
    done = client.post(
        old_unsubscribe,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert "You are unsubscribed" in done.content.decode()
    assert "ada@example.org" not in done.content.decode()
    for path in (old_manage, old_unsubscribe):
        page = client.get(path)
        assert page.status_code == 400
        assert "ada@example.org" not in page.content.decode()
        assert "a" + "•••" not in page.content.decode()
    response = client.post(old_manage, {"subscription": "1", "action": "stop"})
    assert response.status_code in (400, 403)
    ada.refresh_from_db()
    assert ada.status == Subscriber.Status.UNSUBSCRIBED
    assert manage_path(ada) != old_manage, "links made now carry the new key"
    assert mail.outbox == []
