"""Asking for email updates: the form, double opt-in, and an answer that gives nothing away."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cja_site.celery import app as celery_app
from notifications.models import Email
from subscriptions.models import Subscriber, Subscription
from tests.campaigns.factories import CampaignFactory
from tests.factories import TopicFactory
from tests.publications.factories import PublicationFactory

from .conftest import emails_to, link_in
from .factories import SubscriberFactory, follower

pytestmark = pytest.mark.django_db(transaction=True)


def follow(client, url, email="ada@example.org", frequency="immediate"):
    return client.post(url, {"email": email, "frequency": frequency})


def test_a_campaign_page_offers_email_updates_about_it(client):
    campaign = CampaignFactory(slug="action-plan")
    page = client.get(campaign.get_absolute_url()).content.decode()
    url = reverse("subscriptions:follow-campaign", args=["action-plan"])
    assert f'href="{url}"' in page
    assert "Get email updates about this campaign" in page


def test_the_publications_list_offers_updates_on_every_publication_or_the_topic_shown(client):
    prisons = TopicFactory(name="Prisons", slug="prisons")
    PublicationFactory(topics=[prisons])
    page = client.get(reverse("publications:list")).content.decode()
    assert f'href="{reverse("subscriptions:follow-publications")}"' in page
    page = client.get(reverse("publications:list") + "?topic=prisons").content.decode()
    assert f'href="{reverse("subscriptions:follow-topic", args=["prisons"])}"' in page
    assert "Get email updates about Prisons" in page


def test_the_follow_page_is_a_private_form(client, django_assert_num_queries):
    campaign = CampaignFactory(title="A national action plan")
    url = reverse("subscriptions:follow-campaign", args=[campaign.slug])
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    assert "Get email updates about the campaign “A national action plan”" in page
    assert 'name="email"' in page and 'value="weekly"' in page


@pytest.mark.parametrize(
    "url",
    [
        "/updates/campaigns/no-such-campaign/",
        "/updates/topics/no-such-topic/",
    ],
)
def test_following_something_that_does_not_exist_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_a_draft_campaign_cannot_be_followed(client):
    campaign = CampaignFactory(status="draft")
    url = reverse("subscriptions:follow-campaign", args=[campaign.slug])
    assert client.get(url).status_code == 404


def test_asking_sends_one_sealed_confirmation_email_and_records_the_request(client):
    topic = TopicFactory(name="Prisons")
    url = reverse("subscriptions:follow-topic", args=[topic.slug])
    response = follow(client, url, email="  Ada@Example.org ", frequency="weekly")
    assert response.status_code == 302
    assert response["Location"] == reverse("subscriptions:check-email")

    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("ada@example.org", "unconfirmed")
    subscription = subscriber.subscriptions.get()
    assert (subscription.target, subscription.topic, subscription.frequency) == (
        "topic",
        topic,
        "weekly",
    )
    assert subscription.consent_text == "Email me updates about the topic “Prisons”: weekly digest."
    assert subscription.requested_on == url
    assert subscription.confirmed_at is None

    [message] = emails_to("ada@example.org")
    confirm_url = link_in(message, "confirm")
    assert "the topic “Prisons” (weekly digest)" in message.body
    row = Email.objects.get()
    assert row.sealed, "the confirmation link is a secret: stored encrypted, wiped once sent"
    assert confirm_url.rsplit("/", 2)[-2] not in row.text_body


def test_asking_again_the_same_day_sends_no_second_email(client):
    url = reverse("subscriptions:follow-publications")
    follow(client, url)
    response = follow(client, url)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert Subscription.objects.count() == 1


def test_an_address_that_already_follows_gets_the_same_answer_and_a_different_email(client):
    subscriber = follower(email="ada@example.org")
    response = follow(client, reverse("subscriptions:follow-publications"))
    assert response["Location"] == reverse("subscriptions:check-email")
    [message] = emails_to("ada@example.org")
    assert "You already get them" in message.body
    assert "/updates/confirm/" not in message.body
    assert link_in(message, "manage")
    subscription = subscriber.subscriptions.get()
    assert subscription.is_confirmed, "nothing to confirm again"


def test_a_confirmed_address_confirms_each_new_thing_it_follows(client):
    follower(email="ada@example.org")
    campaign = CampaignFactory()
    follow(client, reverse("subscriptions:follow-campaign", args=[campaign.slug]))
    [message] = emails_to("ada@example.org")
    assert link_in(message, "confirm")
    assert Subscription.objects.get(campaign=campaign).confirmed_at is None


def test_a_bounced_address_gets_the_same_answer_and_no_email(client):
    SubscriberFactory(email="ada@example.org", status=Subscriber.Status.BOUNCED)
    response = follow(client, reverse("subscriptions:follow-publications"))
    assert response["Location"] == reverse("subscriptions:check-email")
    assert mail.outbox == []
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "frequency": "immediate"}, "Enter your email address"),
        (
            {"email": "not-an-address", "frequency": "immediate"},
            "Enter an email address in the correct format",
        ),
        ({"email": "ada\x00@example.org", "frequency": "immediate"}, "Null characters"),
        ({"email": "ada@example.org", "frequency": "hourly"}, "Choose how often"),
        ({"email": "ada@example.org"}, "Choose how often"),
    ],
)
def test_bad_input_is_a_400_with_the_error_summary(client, data, message):
    response = client.post(reverse("subscriptions:follow-publications"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_the_check_your_email_page_says_the_same_to_everyone(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("subscriptions:check-email"))
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()


def test_one_ip_meets_a_429_after_the_limit(client, settings):
    settings.UPDATES_RATE_LIMIT = 10
    url = reverse("subscriptions:follow-publications")
    statuses = [follow(client, url, email=f"p{n}@example.org").status_code for n in range(41)]
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429] * 31
    assert len(mail.outbox) == 10, "no confirmation email past the limit"
    limited = follow(client, url, email="late@example.org")
    assert "Too many requests" in limited.content.decode()
    assert limited["Cache-Control"] == "private, no-store"
    other = follow_from(client, url, "q@example.org", "203.0.113.9")
    assert other.status_code == 302, "another connection is not held back"


def follow_from(client, url, email, address):
    return client.post(url, {"email": email, "frequency": "immediate"}, REMOTE_ADDR=address)


def test_the_request_does_the_same_work_whether_or_not_the_address_is_known(client, monkeypatch):
    """All that depends on the address happens in the worker: the request's queries are the
    same, word for word, for a confirmed follower, a bounced address and a stranger."""
    follower(email="known@example.org")
    SubscriberFactory(email="bounced@example.org", status=Subscriber.Status.BOUNCED)
    url = reverse("subscriptions:follow-publications")
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)  # queued, not run
    follow(client, url, email="warm-up@example.org")
    seen = []
    for number, email in enumerate(["known@example.org", "bounced@example.org", "new@example.org"]):
        with CaptureQueriesContext(connection) as queries:
            response = follow_from(client, url, email, f"198.51.100.{number}")
        assert response.status_code == 302
        seen.append([query["sql"] for query in queries.captured_queries])
    assert seen[0] == seen[1] == seen[2]
    assert not any("subscriptions_" in sql for sql in seen[0])
    assert not Subscriber.objects.filter(email="new@example.org").exists(), "left to the worker"
