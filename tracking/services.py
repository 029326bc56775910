"""Polling sources, turning what changed into proposed events, publishing them to a campaign's
timeline, and alerting staff when the government is late to respond.

A poll reads the source outside any transaction, then records the outcome in a short one of its
own, so one slow or broken source never holds a lock or stops the other items.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date

from campaigns.models import Milestone
from notifications.services import email_queue
from publications.services import consultation_responses_link_government_response
from sitewide.backoff import retry_delay
from sitewide.site_url import absolute_url

from . import deadlines
from .diff import events_new
from .models import ProposedEvent, Snapshot, TrackedItem
from .sources import adapter_for
from .sources import http as source_http
from .sources.links import ForeignLink, domains_for, link_allowed, snapshot_checked

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PollResult:
    ok: bool
    changed: bool = False
    proposed: int = 0
    error: str = ""


# ------------------------------------------------------------------------------
# Polling
# ------------------------------------------------------------------------------
def tracked_items_claim_due(*, now: datetime | None = None, limit: int = 100) -> list[int]:
    """The polled items that are due, pushed back a little so the next beat does not send them
    again while their polls are queued."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            TrackedItem.objects.select_for_update(skip_locked=True)
            .exclude(kind=TrackedItem.Kind.COMMITTEE_REPORT)
            .filter(next_poll_at__lte=now)
            .order_by("next_poll_at")
            .values_list("pk", flat=True)[:limit]
        )
        TrackedItem.objects.filter(pk__in=ids).update(
            next_poll_at=now + timedelta(seconds=settings.TRACKING_CLAIM_SECONDS)
        )
    return ids


def tracked_item_poll(
    *, item_id: int, http: httpx.Client | None = None, now: datetime | None = None
) -> PollResult:
    """Read one item's source and record what changed. Never raises for a source's failure."""
    now = now or timezone.now()
    item = TrackedItem.objects.filter(pk=item_id).first()
    if item is None or not item.is_polled:
        return PollResult(ok=False, error="Not a polled item.")
    adapter = adapter_for(item.kind)
    own_client = http is None
    http = http or source_http.client()
    try:
        fetched = adapter.fetch(item, http)
        snapshot = None
        if not fetched.not_modified:
            snapshot = adapter.normalise(fetched.data, today=timezone.localdate(now))
            snapshot = snapshot_checked(snapshot, domains_for(item.kind))
    except source_http.SourceError as error:
        return _poll_failed(item_id=item_id, error=error, now=now)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
        # The source changed its format: keep the last good snapshot and tell staff.
        return _poll_failed(
            item_id=item_id,
            error=source_http.SourceError(
                f"Unexpected response format ({type(error).__name__}: {error})"
            ),
            now=now,
        )
    finally:
        if own_client:
            http.close()
    return _poll_succeeded(item_id=item_id, fetched=fetched, snapshot=snapshot, now=now)


def _poll_failed(*, item_id: int, error: source_http.SourceError, now: datetime) -> PollResult:
    with transaction.atomic():
        item = TrackedItem.objects.select_for_update().get(pk=item_id)
        item.failures += 1
        item.last_error = str(error)[:2000]
        item.last_polled_at = now
        item.next_poll_at = now + poll_retry_delay(item.failures, retry_after=error.retry_after)
        item.save(update_fields=["failures", "last_error", "last_polled_at", "next_poll_at"])
    logger.warning(
        "Tracked item %s: %s (failure %s; next try %s)",
        item_id,
        error,
        item.failures,
        item.next_poll_at.isoformat(),
    )
    return PollResult(ok=False, error=str(error))


def poll_retry_delay(failures: int, *, retry_after: float | None = None) -> timedelta:
    """Backoff after failed polls, never sooner than the source's Retry-After."""
    delay = retry_delay(
        failures,
        base_seconds=settings.TRACKING_RETRY_BASE_SECONDS,
        cap_seconds=settings.TRACKING_RETRY_MAX_SECONDS,
    )
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=min(retry_after, settings.TRACKING_RETRY_MAX_SECONDS)))
    return delay


# What a poll that saw nothing new writes (nothing a public page shows).
POLL_FIELDS = [
    "failures",
    "last_error",
    "last_polled_at",
    "last_success_at",
    "next_poll_at",
    "etag",
    "last_modified",
]


@transaction.atomic
def _poll_succeeded(*, item_id: int, fetched, snapshot: dict | None, now: datetime) -> PollResult:
    item = (
        TrackedItem.objects.select_for_update(of=("self",))
        .select_related("last_snapshot")
        .get(pk=item_id)
    )
    previous = item.last_snapshot.data if item.last_snapshot else None
    item.failures = 0
    item.last_error = ""
    item.last_polled_at = item.last_success_at = now
    item.next_poll_at = now + timedelta(minutes=settings.TRACKING_POLL_INTERVAL_MINUTES)
    item.etag, item.last_modified = fetched.etag, fetched.last_modified
    proposed = 0
    changed = snapshot is not None and snapshot != previous
    if changed:
        item.last_snapshot = Snapshot.objects.create(item=item, data=snapshot, fetched_at=now)
        proposed = _propose(item, events_new(previous, snapshot))
        _apply_state(item, snapshot)
        item.save()
    else:
        item.save(update_fields=POLL_FIELDS)
    return PollResult(ok=True, changed=changed, proposed=proposed)


def _propose(item: TrackedItem, events: list[dict]) -> int:
    """Store new events; a key seen before (even if its snapshot was lost) is never stored twice."""
    known = set(
        item.events.filter(key__in=[e["key"] for e in events]).values_list("key", flat=True)
    )
    rows = [
        ProposedEvent(
            item=item,
            key=event["key"],
            kind=event["kind"],
            title=event["title"],
            text=event["text"],
            date=parse_date(event["date"]),
            url=event["url"],
            link_text=event["link_text"],
        )
        for event in events
        if event["key"] not in known
    ]
    ProposedEvent.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _apply_state(item: TrackedItem, snapshot: dict) -> None:
    if not item.label:
        item.label = snapshot.get("title", "")[:200]
    if item.kind == TrackedItem.Kind.CONSULTATION:
        state = snapshot["state"]
        closed_on = parse_date(state["closed_on"] or "")
        if closed_on:
            item.response_due_on = deadlines.consultation_response_due(closed_on)
        outcome_on = parse_date(state["outcome_published_on"] or "")
        if outcome_on:
            item.response_published_on = outcome_on


def tracked_item_poll_soon(*, item_id: int) -> None:
    """Staff asked for a fresh look: the next beat polls it (the admin never calls a source)."""
    TrackedItem.objects.filter(pk=item_id).update(next_poll_at=timezone.now())


def tracked_item_save(*, item: TrackedItem) -> TrackedItem:
    """Save staff's changes; a committee report's response falls due two months after it."""
    if item.kind == TrackedItem.Kind.COMMITTEE_REPORT and item.report_published_on:
        item.response_due_on = deadlines.committee_response_due(item.report_published_on)
    item.save()
    return item


# ------------------------------------------------------------------------------
# Staff decisions
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PublishedEvent:
    milestone: Milestone
    # Our consultation responses that now link the government response this event announces.
    linked_publications: tuple = ()


@transaction.atomic
def proposed_event_publish(*, event_id: int) -> PublishedEvent:
    """Put a proposed event on its campaign's public timeline (once, however often asked).

    A consultation's "government response published" also links that response on our own
    response to the consultation, so the publication and the timeline say the same thing."""
    event = (
        ProposedEvent.objects.select_for_update(of=("self",))
        .select_related("item__campaign", "milestone")
        .get(pk=event_id)
    )
    if event.milestone is not None:
        return PublishedEvent(event.milestone)
    if event.url and not link_allowed(event.url, domains_for(event.item.kind)):
        raise ForeignLink(
            f"The link {event.url!r} is not an https address on "
            f"{' or '.join(domains_for(event.item.kind)) or 'a known site'}: correct or remove it."
        )
    campaign = event.item.campaign
    milestone = Milestone.objects.create(
        campaign=campaign,
        date=event.date,
        kind=event.kind,
        title=event.title,
        text=event.text,
        link_url=event.url,
        link_text=event.link_text,
    )
    event.milestone = milestone
    event.status = ProposedEvent.Status.PUBLISHED
    event.decided_at = timezone.now()
    event.save(update_fields=["milestone", "status", "decided_at"])
    # The campaign has news: its feed entry moves up with a new "updated" time.
    campaign.save(update_fields=["updated_at"])
    linked = ()
    if (
        event.item.kind == TrackedItem.Kind.CONSULTATION
        and event.kind == Milestone.Kind.RESPONSE_RECEIVED
    ):
        linked = tuple(
            consultation_responses_link_government_response(
                consultation_url=event.item.identifier,
                response_url=event.url,
                response_date=event.date,
            )
        )
    return PublishedEvent(milestone, linked)


def proposed_event_dismiss(*, event_id: int) -> bool:
    """Dismiss a proposed event; one already published stays published."""
    return bool(
        ProposedEvent.objects.filter(pk=event_id, status=ProposedEvent.Status.PROPOSED).update(
            status=ProposedEvent.Status.DISMISSED, decided_at=timezone.now()
        )
    )


# ------------------------------------------------------------------------------
# Overdue responses
# ------------------------------------------------------------------------------
def overdue_responses_alert(*, today=None) -> int:
    """Email staff once about each item whose government response is overdue."""
    today = today or timezone.localdate()
    candidates = TrackedItem.objects.filter(
        response_due_on__lt=today,
        response_published_on__isnull=True,
        overdue_alerted_at__isnull=True,
    ).values_list("pk", flat=True)
    return sum(_overdue_alert(item_id=pk, today=today) for pk in list(candidates))


@transaction.atomic
def _overdue_alert(*, item_id: int, today) -> int:
    item = (
        TrackedItem.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("campaign")
        .filter(pk=item_id, overdue_alerted_at__isnull=True, response_published_on__isnull=True)
        .first()
    )
    if item is None or item.response_due_on is None or item.response_due_on >= today:
        return 0
    email_queue(
        key=f"tracked-item-{item.pk}-overdue-{item.response_due_on.isoformat()}",
        to=list(settings.STAFF_ALERT_EMAILS),
        template="tracking_overdue_alert",
        context={
            "item": item,
            "campaign": item.campaign,
            "due_on": item.response_due_on,
            "days_overdue": deadlines.days_overdue(item.response_due_on, today=today),
            "admin_url": absolute_url(reverse("admin:tracking_trackeditem_change", args=[item.pk])),
        },
    )
    item.overdue_alerted_at = timezone.now()
    item.save(update_fields=["overdue_alerted_at"])
    return 1
