"""Demo followers, so staff see the counts in the admin, and the demo content recorded as
already announced (it is old news: publishing something new emails only about that)."""

from django.utils import timezone

from campaigns.models import Campaign
from publishing.models import Topic

from .models import Subscriber, Subscription
from .services import announcements_record

# (address, what it follows: "publications", "campaign:<slug>" or "topic:<slug>", frequency)
FOLLOWERS = [
    ("demo-follower-1@example.org", "publications", "immediate"),
    (
        "demo-follower-2@example.org",
        "campaign:national-action-plan-for-restorative-justice",
        "weekly",
    ),
    ("demo-follower-3@example.org", "topic:prisons", "immediate"),
]


def load() -> None:
    announcements_record(baseline=True)
    for address, target, frequency in FOLLOWERS:
        kind, _, slug = target.partition(":")
        lookup = {"target": kind, "campaign": None, "topic": None}
        if kind == "campaign":
            lookup["campaign"] = Campaign.objects.filter(slug=slug).first()
        elif kind == "topic":
            lookup["topic"] = Topic.objects.filter(slug=slug).first()
        if kind != "publications" and not (lookup["campaign"] or lookup["topic"]):
            continue
        subscriber, _ = Subscriber.objects.update_or_create(
            email=address, defaults={"status": Subscriber.Status.CONFIRMED}
        )
        Subscription.objects.update_or_create(
            subscriber=subscriber,
            **lookup,
            defaults={
                "frequency": frequency,
                "consent_text": "Demo data: not a real person.",
                "confirmed_at": timezone.now(),
                "confirmed_how": "Demo data",
            },
        )
