import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from subscriptions.models import Subscriber, Subscription


class SubscriberFactory(DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"follower{n}@example.org")
    status = Subscriber.Status.CONFIRMED


class SubscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Subscription

    subscriber = factory.SubFactory(SubscriberFactory)
    target = Subscription.Target.PUBLICATIONS
    frequency = Subscription.Frequency.IMMEDIATE
    consent_text = "Email me updates."
    confirmed_at = factory.LazyFunction(timezone.now)
    confirmed_how = "double opt-in link"


def follower(*, email=None, campaign=None, topic=None, frequency="immediate", **kwargs):
    """A confirmed address following one thing (every publication, unless a campaign or topic)."""
    target = "campaign" if campaign else "topic" if topic else "publications"
    subscriber_kwargs = {"email": email} if email else {}
    subscriber = SubscriberFactory(**subscriber_kwargs, **kwargs)
    SubscriptionFactory(
        subscriber=subscriber, target=target, campaign=campaign, topic=topic, frequency=frequency
    )
    return subscriber
