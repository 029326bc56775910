"""Telling followers: each public item once, to the right people, with one-click unsubscribe."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from notifications.models import Email
from notifications.services import emails_sweep
from subscriptions import services
from subscriptions.models import Announcement, Subscriber
from subscriptions.tasks import announce_new_items
from tests.campaigns.factories import CampaignFactory, MilestoneFactory
from tests.factories import TopicFactory
from tests.publications.factories import PublicationFactory

from .conftest import emails_to, link_in, path_of
from .factories import SubscriptionFactory, follower

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = datetime.date.today


def news(**kwargs):
    kwargs.setdefault("published_on", TODAY())
    return PublicationFactory(**kwargs)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_new_publication_reaches_each_immediate_follower_once(settings):
    settings.UPDATES_UNSUBSCRIBE_MAILTO = "unsubscribe@example.org.uk"
    prisons = TopicFactory(name="Prisons")
    campaign = CampaignFactory(title="Prisons campaign")
    publication = news(title="Restorative prisons", kind="report", topics=[prisons])
    campaign.related_publications.add(publication)
    follower(email="all@example.org")
    follower(email="topic@example.org", topic=prisons)
    follower(email="campaign@example.org", campaign=campaign)
    both = follower(email="both@example.org", topic=prisons)
    SubscriptionFactory(subscriber=both, target="publications")
    follower(email="weekly@example.org", frequency="weekly")
    follower(email="other-topic@example.org", topic=TopicFactory())
    follower(email="unconfirmed@example.org", status=Subscriber.Status.UNCONFIRMED)
    follower(email="bounced@example.org", status=Subscriber.Status.BOUNCED)
    SubscriptionFactory(subscriber__email="pending@example.org", confirmed_at=None)

    assert announce_new_items() == 1

    assert recipients() == [
        "all@example.org",
        "both@example.org",
        "campaign@example.org",
        "topic@example.org",
    ]
    [message] = emails_to("topic@example.org")
    assert message.subject == "New report: Restorative prisons"
    assert "https://www.example.org.uk/publications/" in message.body
    headers = message.message()
    unsubscribe = link_in(message, "unsubscribe")
    assert headers["List-Unsubscribe"] == (
        f"<{unsubscribe}>, <mailto:unsubscribe@example.org.uk?subject=unsubscribe>"
    )
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Id"] == "Email updates <updates.www.example.org.uk>"
    assert link_in(message, "manage")
    row = Email.objects.get(to=["topic@example.org"])
    assert row.key.startswith(
        f"updates-subscriber-{Subscriber.objects.get(email='topic@example.org').pk}-"
    )
    assert (row.sealed, row.text_body, row.headers) == (True, "", {}), "links wiped once sent"


def test_running_the_job_again_sends_nothing_more():
    follower(email="all@example.org")
    news()
    announce_new_items.delay()
    announce_new_items.delay()
    services.announcement_queue_emails(announcement_id=Announcement.objects.get().pk)
    assert recipients() == ["all@example.org"]
    assert Announcement.objects.get().emails_queued_at is not None


def test_a_scheduled_publication_is_announced_once_its_time_comes():
    follower(email="all@example.org")
    publication = news(publish_at=timezone.now() + datetime.timedelta(hours=1))
    announce_new_items.delay()
    assert mail.outbox == []
    publication.publish_at = timezone.now() - datetime.timedelta(seconds=1)
    publication.save()
    announce_new_items.delay()
    assert recipients() == ["all@example.org"]


def test_a_draft_is_not_announced():
    follower(email="all@example.org")
    news(status="draft")
    assert announce_new_items() == 0
    assert not Announcement.objects.exists()


def test_an_old_item_added_to_the_archive_is_recorded_without_emailing_anyone(settings):
    follower(email="all@example.org")
    news(published_on=TODAY() - datetime.timedelta(days=settings.UPDATES_ANNOUNCE_MAX_AGE_DAYS + 1))
    assert announce_new_items() == 0
    assert Announcement.objects.get().baseline
    assert mail.outbox == []


def test_the_baseline_records_everything_public_and_emails_no_one():
    follower(email="all@example.org")
    news()
    MilestoneFactory(date=TODAY())
    call_command("announce_new_items", "--baseline", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Announcement.objects.filter(baseline=True).count() == 2
    announce_new_items.delay()
    assert mail.outbox == []


def test_a_campaign_milestone_reaches_the_campaigns_and_its_topics_followers():
    victims = TopicFactory(name="Victims")
    campaign = CampaignFactory(title="A national action plan", topics=[victims])
    follower(email="campaign@example.org", campaign=campaign)
    follower(email="topic@example.org", topic=victims)
    follower(email="all-publications@example.org")
    follower(email="other@example.org", campaign=CampaignFactory())
    MilestoneFactory(
        campaign=campaign, date=TODAY(), title="Amendment tabled", text="In the Lords."
    )

    announce_new_items.delay()

    assert recipients() == ["campaign@example.org", "topic@example.org"]
    message = emails_to("campaign@example.org")[0]
    assert message.subject == "A national action plan: Amendment tabled"
    assert "In the Lords." in message.body
    assert f"https://www.example.org.uk/campaigns/{campaign.slug}/" in message.body


def test_a_draft_campaigns_milestones_wait_until_it_is_published():
    campaign = CampaignFactory(status="draft")
    topic = TopicFactory()
    campaign.topics.add(topic)
    follower(email="topic@example.org", topic=topic)
    MilestoneFactory(campaign=campaign, date=TODAY())
    announce_new_items.delay()
    assert not Announcement.objects.exists()
    campaign.status = "published"
    campaign.save()
    announce_new_items.delay()
    assert recipients() == ["topic@example.org"]


def test_many_followers_are_queued_in_chunks_each_once(monkeypatch):
    monkeypatch.setattr(services, "QUEUE_CHUNK", 2)
    for n in range(5):
        follower(email=f"f{n}@example.org")
    news()
    announce_new_items.delay()
    assert recipients() == [f"f{n}@example.org" for n in range(5)]
    assert Announcement.objects.get().emails_queued_at is not None


def test_an_announcement_that_stalled_part_way_is_finished_by_a_later_run(monkeypatch):
    for n in range(3):
        follower(email=f"f{n}@example.org")
    news()
    monkeypatch.setattr("subscriptions.tasks.queue_announcement_emails.delay", lambda *a: None)
    announce_new_items.delay()  # the worker died before queueing anything
    monkeypatch.undo()
    announce_new_items.delay()
    assert mail.outbox == [], "too soon to call it stalled"
    Announcement.objects.update(emails_started_at=timezone.now() - datetime.timedelta(hours=1))
    announce_new_items.delay()
    assert len(mail.outbox) == 3


def test_an_address_that_unsubscribes_after_queueing_is_not_sent_what_was_queued():
    ada = follower(email="ada@example.org")
    follower(email="bob@example.org")
    news()
    [announcement_id] = services.announcements_record()
    with transaction.atomic():
        services.announcement_queue_emails(announcement_id=announcement_id)
        # Ada unsubscribes in another window while the batch waits to be sent.
        Subscriber.objects.filter(pk=ada.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    assert recipients() == ["bob@example.org"]
    withdrawn = Email.objects.get(to=["ada@example.org"])
    assert withdrawn.status == Email.Status.CANCELLED
    assert withdrawn.text_body == "", "the withdrawn email's links are wiped"


def test_unsubscribing_withdraws_updates_still_waiting_to_be_sent(monkeypatch):
    ada = follower(email="ada@example.org")
    news()
    # The broker is down: the rows wait for the sweeper.
    monkeypatch.setattr("subscriptions.delivery.deliver_updates.delay", broken_broker)
    announce_new_items.delay()
    assert Email.objects.get().status == Email.Status.PENDING
    services.subscriber_unsubscribe(subscriber=ada)
    assert Email.objects.get().status == Email.Status.CANCELLED
    assert emails_sweep() == 0
    assert mail.outbox == []


def broken_broker(*args, **kwargs):
    raise ConnectionError("Redis is down")


def test_updates_waiting_for_the_sweeper_still_go_out_when_the_broker_is_back(monkeypatch):
    follower(email="ada@example.org")
    news()
    monkeypatch.setattr("subscriptions.delivery.deliver_updates.delay", broken_broker)
    announce_new_items.delay()
    assert mail.outbox == []
    assert emails_sweep() == 1
    assert recipients() == ["ada@example.org"]
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_one_click_unsubscribe_from_an_email_stops_every_later_email(client):
    follower(email="ada@example.org")
    news()
    announce_new_items.delay()
    [message] = emails_to("ada@example.org")
    unsubscribe = message.message()["List-Unsubscribe"].split(",")[0].strip("<> ")
    response = client.post(
        path_of(unsubscribe),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    news()
    MilestoneFactory(date=TODAY())
    announce_new_items.delay()
    assert len(mail.outbox) == 1


def test_a_hard_bounce_stops_every_later_email():
    ada = follower(email="ada@example.org")
    services.subscriber_mark_bounced(subscriber=ada)
    news()
    announce_new_items.delay()
    assert mail.outbox == []


def test_queueing_costs_the_same_number_of_queries_for_more_followers(monkeypatch):
    monkeypatch.setattr("subscriptions.delivery.deliver_updates.delay", lambda ids: None)
    news()
    [announcement_id] = services.announcements_record()
    for n in range(3):
        follower(email=f"a{n}@example.org")

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        Email.objects.all().delete()
        Announcement.objects.update(emails_queued_at=None)
        with CaptureQueriesContext(connection) as queries:
            services.announcement_queue_emails(announcement_id=announcement_id)
        return len(queries)

    few = count_queries()
    for n in range(20):
        follower(email=f"b{n}@example.org")
    assert count_queries() == few
    assert Email.objects.count() == 23


def test_links_in_an_update_say_what_it_was_about_and_are_the_same_for_everyone():
    prisons = TopicFactory(name="Prisons")
    campaign = CampaignFactory(title="Prisons campaign")
    publication = news(title="Restorative prisons", topics=[prisons])
    campaign.related_publications.add(publication)
    follower(email="topic@example.org", topic=prisons)
    follower(email="campaign@example.org", campaign=campaign)

    announce_new_items.delay()

    expected = (
        f"https://www.example.org.uk/publications/{publication.slug}/"
        f"?src=update&about=campaign:{campaign.pk},topic:{prisons.pk}"
    )
    assert len(mail.outbox) == 2
    # Both followers get the very same link: nothing in it tells one's click from the other's.
    for message in mail.outbox:
        assert f"Read more: {expected}\n" in message.body
        html = message.alternatives[0][0]
        assert f'href="{expected.replace("&", "&amp;")}"' in html
