"""The signed links in our emails: confirm a subscription, manage them all, unsubscribe.

Each carries the subscriber's id and link key, signed with SECRET_KEY: nothing stored in the
database is enough to make one. A confirmation link expires; the others work for as long as the
address follows anything (they are in every email, and must keep working in old ones).
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.core import signing
from django.urls import reverse

from sitewide.site_url import absolute_url

from .models import Subscriber, Subscription

CONFIRM_SALT = "subscriptions.confirm"
MANAGE_SALT = "subscriptions.manage"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"


class LinkInvalid(Exception):
    """Forged, mangled, expired, or for an address or subscription that is gone."""


@dataclass(frozen=True)
class ConfirmLink:
    subscriber: Subscriber
    subscription: Subscription


TOKEN_SLOT = "TOKEN"  # noqa: S105 (a placeholder, not a secret)


@cache
def _address(name: str, site_url: str) -> str:
    # site_url is part of the cache key: the address changes with SITE_URL.
    return absolute_url(reverse(f"subscriptions:{name}", args=[TOKEN_SLOT]))


def _absolute(name: str, token: str) -> str:
    # Reversed once per name: an announcement builds two links for each of 10,000 followers.
    return _address(name, settings.SITE_URL).replace(TOKEN_SLOT, token)


def confirm_token(*, subscription: Subscription) -> str:
    payload = {"s": subscription.subscriber_id, "n": subscription.pk}
    payload["k"] = subscription.subscriber.link_key
    return signing.dumps(payload, salt=CONFIRM_SALT)


def subscriber_token(*, subscriber: Subscriber, salt: str) -> str:
    return signing.dumps({"s": subscriber.pk, "k": subscriber.link_key}, salt=salt)


def confirm_url(*, subscription: Subscription) -> str:
    return _absolute("confirm", confirm_token(subscription=subscription))


def manage_url(*, subscriber: Subscriber) -> str:
    return _absolute("manage", subscriber_token(subscriber=subscriber, salt=MANAGE_SALT))


def unsubscribe_url(*, subscriber: Subscriber) -> str:
    return _absolute("unsubscribe", subscriber_token(subscriber=subscriber, salt=UNSUBSCRIBE_SALT))


def _load(token: str, *, salt: str, max_age: timedelta | None = None) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
        return {"s": int(data["s"]), "k": str(data["k"]), "n": int(data.get("n") or 0)}
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError) as error:
        raise LinkInvalid from error


def _subscriber(data: dict) -> Subscriber:
    subscriber = Subscriber.objects.filter(pk=data["s"], link_key=data["k"]).first()
    if subscriber is None:
        raise LinkInvalid
    return subscriber


def confirm_link_read(token: str) -> ConfirmLink:
    max_age = timedelta(days=settings.UPDATES_UNCONFIRMED_DAYS)
    data = _load(token, salt=CONFIRM_SALT, max_age=max_age)
    subscription = (
        Subscription.objects.select_related("subscriber", "campaign", "topic")
        .filter(pk=data["n"], subscriber_id=data["s"], subscriber__link_key=data["k"])
        .first()
    )
    if subscription is None:
        raise LinkInvalid
    return ConfirmLink(subscription.subscriber, subscription)


def manage_link_read(token: str) -> Subscriber:
    return _subscriber(_load(token, salt=MANAGE_SALT))


def unsubscribe_link_read(token: str) -> Subscriber:
    return _subscriber(_load(token, salt=UNSUBSCRIBE_SALT))
