"""Consent and hygiene: unconfirmed requests are deleted after a week; bounces are recorded."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from notifications.models import Email
from subscriptions.models import Subscriber, Subscription
from subscriptions.tasks import delete_unconfirmed
from tests.factories import TopicFactory

from .factories import SubscriberFactory, SubscriptionFactory, follower

pytestmark = pytest.mark.django_db(transaction=True)


def aged(days, **kwargs):
    subscription = SubscriptionFactory(**kwargs)
    long_ago = timezone.now() - datetime.timedelta(days=days)
    Subscription.objects.filter(pk=subscription.pk).update(requested_at=long_ago)
    Subscriber.objects.filter(pk=subscription.subscriber_id).update(created_at=long_ago)
    return subscription


def test_unconfirmed_requests_older_than_a_week_are_deleted_with_empty_addresses():
    stale = aged(8, subscriber__status="unconfirmed", confirmed_at=None)
    fresh = aged(6, subscriber__status="unconfirmed", confirmed_at=None)
    confirmed_long_ago = aged(400)
    # A follower's newer request for something else, never confirmed: the request goes, the
    # address (and what it confirmed before) stays.
    pending_extra = aged(
        8,
        subscriber=confirmed_long_ago.subscriber,
        target="topic",
        topic=TopicFactory(),
        confirmed_at=None,
    )

    out = StringIO()
    call_command("delete_unconfirmed_subscriptions", "--dry-run", stdout=out)
    assert "Would delete 2 unconfirmed subscription(s) and 1 address(es)" in out.getvalue()
    assert Subscription.objects.count() == 4

    assert tuple(delete_unconfirmed()) == (2, 1)
    assert set(Subscription.objects.all()) == {fresh, confirmed_long_ago}
    assert not Subscriber.objects.filter(pk=stale.subscriber_id).exists()
    assert not Subscription.objects.filter(pk=pending_extra.pk).exists()


def test_the_command_deletes_and_says_how_many():
    aged(8, subscriber__status="unconfirmed", confirmed_at=None)
    out = StringIO()
    call_command("delete_unconfirmed_subscriptions", stdout=out)
    assert (
        "Deleted 1 unconfirmed subscription(s) and 1 address(es) older than 7 days"
        in out.getvalue()
    )
    assert not Subscriber.objects.exists()


def test_marking_bounces_from_the_command_line():
    ada = follower(email="ada@example.org")
    Email.objects.create(
        key=f"updates-subscriber-{ada.pk}-announcement-1",
        to=[ada.email],
        subject="S",
        text_body="B",
    )
    out = StringIO()
    call_command("mark_bounced", "ADA@example.org", stdout=out)
    assert "a•••@example.org" in out.getvalue()
    ada.refresh_from_db()
    assert ada.status == Subscriber.Status.BOUNCED
    assert Email.objects.get().status == Email.Status.CANCELLED
    with pytest.raises(CommandError, match=r"nobody@example\.org"):
        call_command("mark_bounced", "nobody@example.org", stdout=out)


def test_an_address_is_shown_masked():
    assert str(SubscriberFactory(email="ada@example.org")) == "a•••@example.org"
