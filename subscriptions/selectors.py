"""Reads: what may be followed, who follows an announced item, and the counts staff see."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from campaigns.models import Campaign, Milestone
from publications.models import Publication
from publishing.models import Topic

from .models import Announcement, Subscriber, Subscription


def campaign_to_follow(*, slug: str) -> Campaign | None:
    return Campaign.objects.published().filter(slug=slug).only("title", "slug").first()


def topic_to_follow(*, slug: str) -> Topic | None:
    return Topic.objects.filter(slug=slug).only("name", "slug").first()


def subscriber_for_address(*, email: str) -> Subscriber | None:
    return Subscriber.objects.filter(email=email).first()


def subscriber_subscriptions(*, subscriber: Subscriber) -> list[Subscription]:
    """What an address follows (confirmed), for its manage page."""
    return list(
        subscriber.subscriptions.filter(confirmed_at__isnull=False).select_related(
            "campaign", "topic"
        )
    )


def announcement_item(announcement: Announcement) -> Publication | Milestone:
    return announcement.publication or announcement.milestone


def _matching(announcement: Announcement) -> Q:
    """The subscriptions an announcement concerns."""
    if announcement.publication_id:
        publication = announcement.publication
        campaigns = Campaign.objects.published().filter(related_publications=publication)
        return (
            Q(target=Subscription.Target.PUBLICATIONS)
            | Q(target=Subscription.Target.TOPIC, topic__in=publication.topics.all())
            | Q(target=Subscription.Target.CAMPAIGN, campaign__in=campaigns)
        )
    milestone = announcement.milestone
    return Q(target=Subscription.Target.CAMPAIGN, campaign_id=milestone.campaign_id) | Q(
        target=Subscription.Target.TOPIC,
        topic__in=Topic.objects.filter(campaigns=milestone.campaign_id),
    )


def _follows(announcement: Announcement, frequency: str) -> Exists:
    return Exists(
        Subscription.objects.filter(
            _matching(announcement),
            subscriber=OuterRef("pk"),
            confirmed_at__isnull=False,
            frequency=frequency,
        )
    )


def announcement_followers(*, announcement: Announcement, frequency: str) -> QuerySet[Subscriber]:
    """Confirmed addresses to tell about an announcement: at once (`immediate`), or in their
    weekly digest (`weekly`: only those who are not also told at once)."""
    immediate = _follows(announcement, Subscription.Frequency.IMMEDIATE)
    followers = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
    if frequency == Subscription.Frequency.IMMEDIATE:
        return followers.filter(immediate)
    return followers.filter(_follows(announcement, Subscription.Frequency.WEEKLY)).exclude(
        immediate
    )


def subscription_counts() -> list[dict]:
    """Confirmed followers per target and frequency, and requests awaiting confirmation; one
    query. Each row: target, campaign/topic title, immediate, weekly, unconfirmed."""
    confirmed = Q(confirmed_at__isnull=False, subscriber__status=Subscriber.Status.CONFIRMED)
    rows = (
        Subscription.objects.values("target", "campaign__title", "topic__name")
        .annotate(
            immediate=Count("pk", filter=confirmed & Q(frequency="immediate")),
            weekly=Count("pk", filter=confirmed & Q(frequency="weekly")),
            unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)),
        )
        .order_by("target", "campaign__title", "topic__name")
    )
    labels = dict(Subscription.Target.choices)
    return [
        {
            "target": labels[row["target"]],
            "name": row["campaign__title"] or row["topic__name"] or "",
            "immediate": row["immediate"],
            "weekly": row["weekly"],
            "unconfirmed": row["unconfirmed"],
        }
        for row in rows
    ]


def subscriber_counts() -> dict[str, int]:
    rows = Subscriber.objects.values("status").annotate(n=Count("pk")).order_by()
    labels = dict(Subscriber.Status.choices)
    counts = dict.fromkeys(labels.values(), 0)
    counts.update({labels[row["status"]]: row["n"] for row in rows})
    return counts
