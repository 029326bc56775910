"""The weekly digest: one email a week with what concerns each weekly follower."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from subscriptions.models import Announcement
from subscriptions.services import digest_queue
from subscriptions.tasks import announce_new_items, send_weekly_digest
from tests.campaigns.factories import CampaignFactory, MilestoneFactory
from tests.publications.factories import PublicationFactory

from .conftest import emails_to, link_in
from .factories import SubscriptionFactory, follower

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = timezone.make_aware(datetime.datetime(2026, 11, 23, 7, 0))


def announced_on(day: datetime.datetime, **kwargs):
    """A publication announced at `day` (as the 5-minute job would have done then)."""
    publication = PublicationFactory(published_on=datetime.date.today(), **kwargs)
    announce_new_items.delay()
    Announcement.objects.filter(publication=publication).update(created_at=day)
    return publication


def test_each_weekly_follower_gets_one_email_with_the_weeks_news():
    campaign = CampaignFactory(title="Prisons campaign")
    weekly = follower(email="weekly@example.org", frequency="weekly")
    SubscriptionFactory(subscriber=weekly, target="campaign", campaign=campaign, frequency="weekly")
    follower(email="campaign-only@example.org", campaign=campaign, frequency="weekly")
    announced_on(MONDAY - datetime.timedelta(days=6), title="First briefing")
    announced_on(MONDAY - datetime.timedelta(days=2), title="Second report", kind="report")
    announced_on(MONDAY - datetime.timedelta(days=9), title="Last week's news")
    announced_on(MONDAY + datetime.timedelta(hours=1), title="This week's news")
    MilestoneFactory(campaign=campaign, date=datetime.date.today(), title="Amendment tabled")
    announce_new_items.delay()
    Announcement.objects.filter(milestone__isnull=False).update(
        created_at=MONDAY - datetime.timedelta(days=1)
    )
    mail.outbox.clear()

    assert digest_queue(now=MONDAY) == 2

    [message] = emails_to("weekly@example.org")
    assert message.subject.endswith(": 3 new items")
    assert "16 November to 22 November 2026" in message.body
    for title in ("First briefing", "Second report", "Amendment tabled"):
        assert title in message.body
    assert "Last week's news" not in message.body
    assert "This week's news" not in message.body
    assert message.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link_in(message, "manage")
    [message] = emails_to("campaign-only@example.org")
    assert "Amendment tabled" in message.body
    assert "First briefing" not in message.body


def test_a_second_run_in_the_same_week_sends_nothing_new():
    follower(email="weekly@example.org", frequency="weekly")
    announced_on(MONDAY - datetime.timedelta(days=1))
    digest_queue(now=MONDAY)
    digest_queue(now=MONDAY + datetime.timedelta(hours=3))
    assert len(mail.outbox) == 1


def test_news_already_emailed_at_once_is_not_repeated_in_the_digest():
    both = follower(email="both@example.org", frequency="weekly")
    topic_publication = announced_on(MONDAY - datetime.timedelta(days=1), title="Sent at once")
    topic = topic_publication.topics.create(name="Prisons", slug="prisons")
    SubscriptionFactory(subscriber=both, target="topic", topic=topic, frequency="immediate")
    announced_on(MONDAY - datetime.timedelta(days=1), title="Digest only")
    mail.outbox.clear()
    digest_queue(now=MONDAY)
    [message] = emails_to("both@example.org")
    assert "Digest only" in message.body
    assert "Sent at once" not in message.body


def test_no_news_no_digest():
    follower(email="weekly@example.org", frequency="weekly")
    assert send_weekly_digest() == 0
    assert mail.outbox == []


def test_immediate_followers_get_no_digest():
    follower(email="ada@example.org")
    announced_on(MONDAY - datetime.timedelta(days=1))
    mail.outbox.clear()
    assert digest_queue(now=MONDAY) == 0
