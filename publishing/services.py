"""Writes to published items: publish, unpublish, and changes that move an item's address."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from .content_checks import ContentReport, content_check
from .models import Publishable, Redirect, Status


@dataclass
class PublishOutcome:
    published: list[Publishable] = field(default_factory=list)
    # Items left as they were, with the report whose errors stopped them.
    blocked: list[tuple[Publishable, ContentReport]] = field(default_factory=list)
    # Published items whose report has warnings to show.
    warned: list[tuple[Publishable, ContentReport]] = field(default_factory=list)


def publishable_publish(*, queryset: models.QuerySet) -> PublishOutcome:
    """Publish now each item whose content passes the checks (publishing.content_checks);
    an item with errors is left as it was, and reported with them."""
    outcome = PublishOutcome()
    ready = []
    for item in queryset:
        report = content_check(item)
        if report.blocks_publishing:
            outcome.blocked.append((item, report))
            continue
        ready.append(item.pk)
        if report.warnings:
            outcome.warned.append((item, report))
    publishable_set_status(queryset=queryset.filter(pk__in=ready), status=Status.PUBLISHED)
    outcome.published = list(queryset.filter(pk__in=ready))
    return outcome


def publishable_set_status(*, queryset: models.QuerySet, status: str) -> int:
    """Publish now, or unpublish (back to draft), each of the items, unchecked: staff publish
    through publishable_publish, which runs the content checks first."""
    now = timezone.now()
    count = 0
    for item in queryset:
        item.status = status
        if status == Status.PUBLISHED and item.publish_at and item.publish_at > now:
            item.publish_at = None  # "publish now" overrides a schedule for later
        if status == Status.PUBLISHED and item.take_down_at and item.take_down_at <= now:
            item.take_down_at = None  # and puts back up an item that was taken down
        # save() rather than update(), so the page cache is invalidated.
        item.save(update_fields=["status", "publish_at", "take_down_at", "updated_at"])
        count += 1
    return count


@transaction.atomic
def publishable_update(*, item: Publishable, **fields) -> Publishable:
    """Save an existing item with `fields` changed (and whatever was set on it already).

    If its address changed (a new slug), the old address is left redirecting to the new one,
    whoever made the change: the admin, the shell or a script.
    """
    stored = type(item)._default_manager.filter(pk=item.pk).first()
    old_path = stored.get_absolute_url() if stored else None
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    if old_path is not None:
        redirect_record(old_path=old_path, new_path=item.get_absolute_url(), item=item)
    return item


def publishable_rename(*, item: Publishable, slug: str) -> Publishable:
    """Give an item a new slug (and so a new address), leaving a redirect from the old one."""
    return publishable_update(item=item, slug=slug)


@transaction.atomic
def redirect_record(
    *, old_path: str, new_path: str, item: Publishable | None = None
) -> Redirect | None:
    """Leave a permanent redirect from an item's old address to its new one.

    Earlier redirects to the old address are pointed straight at the new one (no chains), and a
    redirect away from the new address is removed, since the address is in use again. With the
    `item`, visitors are sent on only while it is public (RedirectFallbackMiddleware).
    """
    if old_path == new_path:
        return None
    target = {
        "target_type": ContentType.objects.get_for_model(item) if item else None,
        "target_id": item.pk if item else None,
    }
    Redirect.objects.filter(old_path=new_path).delete()
    Redirect.objects.filter(new_path=old_path).update(new_path=new_path, **target)
    redirect, _ = Redirect.objects.update_or_create(
        old_path=old_path, defaults={"new_path": new_path, **target}
    )
    return redirect
