"""Writes for email updates: requests, confirmation, unsubscribing, announcing, digests, tidying.

Every email to a follower goes through the outbox with a key beginning
`updates-subscriber-<id>-`, so a repeated job never sends twice and everything still pending
for an address can be withdrawn the moment it unsubscribes or bounces.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Milestone
from notifications.models import Email
from notifications.services import (
    EmailDraft,
    RenderedEmail,
    email_queue,
    email_render,
    emails_cancel,
    emails_enqueue_batch,
    emails_queue_bulk,
)
from publications.models import Publication
from publishing.models import Topic
from sitewide.site_url import site_hostname, update_email_url

from . import links, selectors
from .delivery import deliver_updates
from .models import Announcement, Subscriber, Subscription, new_link_key

CONFIRMED_HOW = "Clicked the confirmation link emailed to the address (double opt-in)"
# Followers per transaction when queueing an announcement: bounded memory and transaction size.
QUEUE_CHUNK = 1000
# An announcement whose emails started this long ago and never finished is started again.
STALLED_AFTER = timedelta(minutes=30)


def _key_prefix(subscriber_id: int) -> str:
    return f"updates-subscriber-{subscriber_id}-"


def normalise_address(email: str) -> str:
    return email.strip().lower()


# ------------------------------------------------------------------------------
# Asking, confirming, stopping
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    kind: str
    campaign: Campaign | None = None
    topic: Topic | None = None

    @property
    def label(self) -> str:
        return Subscription(target=self.kind, campaign=self.campaign, topic=self.topic).target_label

    def lookup(self) -> dict:
        return {"target": self.kind, "campaign": self.campaign, "topic": self.topic}


def target_from_ids(*, kind: str, campaign_id: int | None, topic_id: int | None) -> Target | None:
    """The target a queued request named, or None if it has gone since."""
    campaign = topic = None
    if kind == Subscription.Target.CAMPAIGN:
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None:
            return None
    elif kind == Subscription.Target.TOPIC:
        topic = Topic.objects.filter(pk=topic_id).first()
        if topic is None:
            return None
    return Target(kind, campaign=campaign, topic=topic)


def subscription_request(*, email: str, target: Target, frequency: str, page: str) -> None:
    """Someone asked for updates. Whatever the address's state, the visitor is told the same
    ("check your email"); what the email says differs. A bounced address gets nothing."""
    address = normalise_address(email)
    today = timezone.localdate().isoformat()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=address)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.BOUNCED:
            return
        subscription = Subscription.objects.filter(subscriber=subscriber, **target.lookup()).first()
        prefix = _key_prefix(subscriber.pk)
        if subscription and subscription.is_confirmed and subscriber.may_receive_updates:
            email_queue(
                key=f"{prefix}already-{subscription.pk}-{today}",
                to=[address],
                template="updates_already_following",
                context=_context(subscriber, subscription=subscription),
                carries_secret=True,
            )
            return
        consent = f"Email me updates about {target.label}: {Subscription.Frequency(frequency).label.lower()}."
        if subscription is None:
            subscription = Subscription.objects.create(
                subscriber=subscriber,
                frequency=frequency,
                consent_text=consent,
                requested_on=page[:300],
                **target.lookup(),
            )
        else:
            subscription.frequency = frequency
            subscription.consent_text = consent
            subscription.requested_on = page[:300]
            subscription.requested_at = timezone.now()
            subscription.confirmed_at = None
            subscription.confirmed_how = ""
            subscription.save()
        # At most one confirmation email per address and subscription a day, however often
        # the form is sent: the form cannot be used to flood someone's inbox.
        email_queue(
            key=f"{prefix}confirm-{subscription.pk}-{today}",
            to=[address],
            template="updates_confirm",
            context={
                **_context(subscriber, subscription=subscription),
                "confirm_url": links.confirm_url(subscription=subscription),
                "valid_days": settings.UPDATES_UNCONFIRMED_DAYS,
            },
            carries_secret=True,
        )


def subscription_confirm(*, subscription: Subscription) -> Subscription:
    """The owner of the address clicked the link and pressed the button: record the consent."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscription.subscriber_id)
        if subscriber.status == Subscriber.Status.BOUNCED:
            raise links.LinkInvalid
        if not subscription.is_confirmed:
            subscription.confirmed_at = timezone.now()
            subscription.confirmed_how = CONFIRMED_HOW
            subscription.save(update_fields=["confirmed_at", "confirmed_how"])
        if subscriber.status != Subscriber.Status.CONFIRMED:
            _set_status(subscriber, Subscriber.Status.CONFIRMED)
    subscription.subscriber = subscriber
    return subscription


def subscription_set_frequency(*, subscription: Subscription, frequency: str) -> None:
    subscription.frequency = Subscription.Frequency(frequency)
    subscription.save(update_fields=["frequency"])


def subscription_end(*, subscription: Subscription) -> None:
    """Stop one subscription; the address keeps the others."""
    subscription.delete()


def subscriber_unsubscribe(*, subscriber: Subscriber) -> None:
    """Stop everything for this address: no further update is sent, even one already queued."""
    with transaction.atomic():
        subscriber.subscriptions.all().delete()
        # A new key: every link sent before stops working, so an old email (or a log line)
        # can no longer show the address or change anything.
        subscriber.link_key = new_link_key()
        subscriber.save(update_fields=["link_key"])
        _set_status(subscriber, Subscriber.Status.UNSUBSCRIBED)
        _withdraw_pending(subscriber, reason="Not sent: the address unsubscribed.")


def subscriber_mark_bounced(*, subscriber: Subscriber) -> None:
    """A hard bounce: the address is never emailed again (staff record it)."""
    with transaction.atomic():
        _set_status(subscriber, Subscriber.Status.BOUNCED)
        _withdraw_pending(subscriber, reason="Not sent: the address bounced.")


def _set_status(subscriber: Subscriber, status: str) -> None:
    subscriber.status = status
    subscriber.status_changed_at = timezone.now()
    subscriber.save(update_fields=["status", "status_changed_at"])


def _withdraw_pending(subscriber: Subscriber, *, reason: str) -> None:
    pending = Email.objects.filter(
        key__startswith=_key_prefix(subscriber.pk), status=Email.Status.PENDING
    )
    emails_cancel(email_ids=pending.values_list("pk", flat=True), reason=reason)


def subscriptions_delete_unconfirmed(*, dry_run: bool = False) -> tuple[int, int]:
    """Requests never confirmed within UPDATES_UNCONFIRMED_DAYS are deleted, and addresses left
    with nothing. Returns (subscriptions, addresses) deleted (or that would be)."""
    cutoff = timezone.now() - timedelta(days=settings.UPDATES_UNCONFIRMED_DAYS)
    subscriptions = Subscription.objects.filter(confirmed_at__isnull=True, requested_at__lt=cutoff)
    stale_ids = set(subscriptions.values_list("pk", flat=True))
    addresses = Subscriber.objects.filter(
        status=Subscriber.Status.UNCONFIRMED, created_at__lt=cutoff
    ).exclude(subscriptions__in=Subscription.objects.exclude(pk__in=stale_ids))
    counts = (len(stale_ids), addresses.count())
    if not dry_run:
        with transaction.atomic():
            Subscription.objects.filter(pk__in=stale_ids).delete()
            addresses.delete()
    return counts


# ------------------------------------------------------------------------------
# Announcing what staff publish
# ------------------------------------------------------------------------------
def announcements_record(*, baseline: bool = False) -> list[int]:
    """Record every item that has become public since the last run, each once. Returns the ids
    of announcements to email now (plus any whose emails stalled part way).

    Items dated more than UPDATES_ANNOUNCE_MAX_AGE_DAYS ago are recorded without emailing
    anyone: an old report added to the archive is not news. `baseline`: record everything
    without emailing anyone (the first run on a site that already has content).
    """
    oldest = timezone.localdate() - timedelta(days=settings.UPDATES_ANNOUNCE_MAX_AGE_DAYS)
    announced = Announcement.objects.values("publication_id")
    publications = Publication.objects.published().exclude(
        pk__in=announced.exclude(publication=None)
    )
    milestones = Milestone.objects.filter(campaign__in=Campaign.objects.published()).exclude(
        pk__in=announced.values("milestone_id").exclude(milestone=None)
    )
    new = [
        Announcement(publication_id=pk, baseline=baseline or day < oldest)
        for pk, day in publications.values_list("pk", "published_on")
    ] + [
        Announcement(milestone_id=pk, baseline=baseline or day < oldest)
        for pk, day in milestones.values_list("pk", "date")
    ]
    # Two overlapping runs may both find an item: the unique columns keep one of each.
    Announcement.objects.bulk_create(new, ignore_conflicts=True)
    if baseline:
        return []
    stalled = timezone.now() - STALLED_AFTER
    to_send = Announcement.objects.filter(baseline=False, emails_queued_at__isnull=True).filter(
        emails_started_at__isnull=True
    ) | Announcement.objects.filter(
        baseline=False, emails_queued_at__isnull=True, emails_started_at__lt=stalled
    )
    ids = list(to_send.order_by("pk").values_list("pk", flat=True))
    Announcement.objects.filter(pk__in=ids).update(emails_started_at=timezone.now())
    return ids


def announcement_queue_emails(*, announcement_id: int, after: int = 0) -> int | None:
    """Queue one email for each immediate follower with an id above `after`, QUEUE_CHUNK at a
    time. Returns where to carry on from, or None when every follower's email is queued."""
    announcement = (
        Announcement.objects.select_related("publication", "milestone__campaign")
        .filter(pk=announcement_id, baseline=False)
        .first()
    )
    if announcement is None or selectors.announcement_item(announcement) is None:
        return None
    # The email is the same for everyone but for two links: rendered once, links filled in.
    shared = email_render(
        template="updates_announcement",
        context={"item": _item_context(announcement), **LINK_SLOTS},
    )
    with transaction.atomic():
        followers = list(
            selectors.announcement_followers(
                announcement=announcement, frequency=Subscription.Frequency.IMMEDIATE
            )
            .filter(pk__gt=after)
            .order_by("pk")
            .only("pk", "email", "link_key")[:QUEUE_CHUNK]
        )
        _queue_updates(
            _personalised(
                shared,
                subscriber,
                key=f"{_key_prefix(subscriber.pk)}announcement-{announcement.pk}",
            )
            for subscriber in followers
        )
        if len(followers) < QUEUE_CHUNK:
            Announcement.objects.filter(pk=announcement.pk).update(emails_queued_at=timezone.now())
            return None
    return followers[-1].pk


def digest_queue(*, now: datetime | None = None) -> int:
    """Each weekly-digest follower gets one email with the past week's announcements that
    concern them (those they were not already emailed at once). Returns how many were queued.

    The week is the seven days before the most recent Monday 00:00; a second run in the same
    week queues nothing new (the key names the week).
    """
    now = timezone.localtime(now)
    week_end = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    week_start = week_end - timedelta(days=7)
    announcements = list(
        Announcement.objects.filter(
            baseline=False, created_at__gte=week_start, created_at__lt=week_end
        )
        .select_related("publication", "milestone__campaign")
        .order_by("created_at")
    )
    per_subscriber: dict[int, list[dict]] = {}
    subscribers: dict[int, Subscriber] = {}
    for announcement in announcements:
        if selectors.announcement_item(announcement) is None:
            continue
        item = _item_context(announcement)
        followers = selectors.announcement_followers(
            announcement=announcement, frequency=Subscription.Frequency.WEEKLY
        ).only("pk", "email", "link_key")
        for subscriber in followers.iterator():
            subscribers.setdefault(subscriber.pk, subscriber)
            per_subscriber.setdefault(subscriber.pk, []).append(item)
    week = week_start.date().isoformat()
    with transaction.atomic():
        _queue_updates(
            EmailDraft(
                key=f"{_key_prefix(pk)}digest-{week}",
                to=[subscribers[pk].email],
                template="updates_digest",
                context={
                    **_context(subscribers[pk]),
                    "items": items,
                    "week_start": week_start,
                    "week_end": week_end - timedelta(days=1),
                },
                headers=_list_headers(subscribers[pk]),
                carries_secret=True,
            )
            for pk, items in per_subscriber.items()
        )
    return len(per_subscriber)


def _queue_updates(drafts) -> None:
    ids = emails_queue_bulk(drafts=drafts)
    if ids:
        transaction.on_commit(lambda: emails_enqueue_batch(email_ids=ids, task=deliver_updates))


# ------------------------------------------------------------------------------
# What the emails say
# ------------------------------------------------------------------------------
def _context(subscriber: Subscriber, *, subscription: Subscription | None = None) -> dict:
    context = {
        "manage_url": links.manage_url(subscriber=subscriber),
        "unsubscribe_url": links.unsubscribe_url(subscriber=subscriber),
    }
    if subscription is not None:
        context["subscription"] = subscription
        context["target_label"] = subscription.target_label
    return context


LINK_SLOTS = {"manage_url": "@@manage-url@@", "unsubscribe_url": "@@unsubscribe-url@@"}


def _personalised(shared: RenderedEmail, subscriber: Subscriber, *, key: str) -> EmailDraft:
    """A follower's copy of a shared rendering: their own manage and unsubscribe links."""
    context = _context(subscriber)

    def filled(text: str) -> str:
        for name, slot in LINK_SLOTS.items():
            text = text.replace(slot, context[name])
        return text

    return EmailDraft(
        key=key,
        to=[subscriber.email],
        rendered=RenderedEmail(shared.subject, filled(shared.text), filled(shared.html)),
        headers=_list_headers(subscriber, unsubscribe_url=context["unsubscribe_url"]),
        carries_secret=True,
    )


def _list_headers(subscriber: Subscriber, *, unsubscribe_url: str = "") -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail programs offer an "Unsubscribe" button that POSTs to us."""
    unsubscribe_url = unsubscribe_url or links.unsubscribe_url(subscriber=subscriber)
    targets = [f"<{unsubscribe_url}>"]
    if settings.UPDATES_UNSUBSCRIBE_MAILTO:
        targets.append(f"<mailto:{settings.UPDATES_UNSUBSCRIBE_MAILTO}?subject=unsubscribe>")
    host = site_hostname()
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Email updates <updates.{host}>",
    }


def _about_publication(publication) -> list[str]:
    """What an email about a publication is about: the campaigns it belongs to, then its topics
    (readership counts a click from it for each of them)."""
    campaigns = Campaign.objects.published().filter(
        Q(related_publications=publication) | Q(milestones__publication=publication)
    )
    return [
        f"campaign:{pk}" for pk in campaigns.distinct().order_by("pk").values_list("pk", flat=True)
    ] + [f"topic:{pk}" for pk in publication.topics.order_by("pk").values_list("pk", flat=True)]


def _item_context(announcement: Announcement) -> dict:
    """What an email says about an announced item (plain values: it is the same for everyone)."""
    if announcement.publication_id:
        publication = announcement.publication
        return {
            "kind": publication.get_kind_display(),
            "title": publication.title,
            "summary": publication.summary,
            "date": publication.published_on,
            # The same link for every recipient: it says what the email was about, never to whom.
            "url": update_email_url(
                publication.get_absolute_url(), about=_about_publication(publication)
            ),
            "campaign": "",
        }
    milestone = announcement.milestone
    return {
        "kind": milestone.get_kind_display(),
        "title": milestone.title,
        "summary": milestone.text,
        "date": milestone.date,
        "url": update_email_url(
            reverse("campaigns:detail", kwargs={"slug": milestone.campaign.slug}),
            about=[f"campaign:{milestone.campaign_id}"],
        ),
        "campaign": milestone.campaign.title,
    }
