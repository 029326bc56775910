"""A second pair of eyes: submit for review, send back, publish, unpublish.

Publishing is a permission of its own ("publish_<model>"), apart from changing. Where a kind's
review rule asks for it, an approver other than the people who made the changes publishes them;
a superuser may publish their own change only with a recorded reason (an urgent correction).
Every step (deleting an item too) is written to the audit trail; approvers and editors are emailed through the outbox.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from notifications.services import email_queue
from sitewide.site_url import absolute_url
from sitewide.staff import has_staff_powers, staff_can

from .content_checks import content_check
from .models import (
    AuditEntry,
    Publishable,
    ReviewPolicy,
    ReviewRule,
    Status,
    WorkingCopy,
    publishable_models,
)
from .revisions import (
    audit_record,
    item_is_live,
    revision_apply,
    revision_authors,
    revision_record_current,
    revision_settle_rows,
    rows_write,
    working_copy_of,
)
from .services import publishable_update


class ReviewRefused(Exception):
    """What the person asked for is not theirs to do, or not possible now; the message says why."""


class ContentNotReady(ReviewRefused):
    """The content checks found something that must be fixed before it goes out."""

    def __init__(self, report):
        self.report = report
        super().__init__(
            "This cannot be published yet. " + " ".join(str(finding) for finding in report.errors)
        )


# ------------------------------------------------------------------------------
# Who may do what
# ------------------------------------------------------------------------------
def publish_permission(model: type[Publishable]) -> str:
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def user_may_publish(user, model: type[Publishable]) -> bool:
    return staff_can(user, publish_permission(model))


def review_rule_of(model: type[Publishable]) -> str:
    content_type = ContentType.objects.get_for_model(model)
    policy = ReviewPolicy.objects.filter(content_type=content_type).first()
    return policy.rule if policy else model.review_default


def review_required(item: Publishable) -> bool:
    rule = review_rule_of(type(item))
    if rule == ReviewRule.EXIT_PAGE:
        return bool(getattr(item, "show_exit_button", False))
    return rule == ReviewRule.ALWAYS


def review_policies_sync() -> None:
    """A review rule for every kind of publishable content, at its kind's default until staff
    choose otherwise."""
    for model in publishable_models():
        ReviewPolicy.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(model),
            defaults={"rule": model.review_default},
        )


def publish_refusal(*, item: Publishable, user, reason: str = "") -> str | None:
    """Why `user` may not publish the item's changes now, or None if they may."""
    model = type(item)
    if not user_may_publish(user, model):
        return (
            f"You do not have permission to publish {model._meta.verbose_name_plural}: "
            "submit the changes for review instead."
        )
    if not review_required(item) or user.pk not in revision_authors(item):
        return None
    if not user.is_superuser:
        return (
            "You made some of these changes, so another approver must publish them: "
            "submit them for review."
        )
    if not reason.strip():
        return (
            "You made some of these changes. To publish them yourself (an urgent correction), "
            "give the reason: it is kept in the audit trail."
        )
    return None


def approvers_for(item: Publishable) -> list:
    """Active staff with a second factor who may publish this kind, other than its editors."""
    model = type(item)
    permission = Permission.objects.get(
        content_type=ContentType.objects.get_for_model(model),
        codename=f"publish_{model._meta.model_name}",
    )
    candidates = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions=permission)
            | Q(groups__permissions=permission)
        )
        .exclude(pk__in=revision_authors(item))
        .distinct()
        .order_by("pk")
    )
    return [user for user in candidates if has_staff_powers(user)]


# ------------------------------------------------------------------------------
# The steps
# ------------------------------------------------------------------------------
@transaction.atomic
def revision_submit(*, item: Publishable, user, note: str = "") -> WorkingCopy:
    """Ask for the item's draft changes to be reviewed; every approver is emailed."""
    working_copy = working_copy_of(item)
    if working_copy is None:
        raise ReviewRefused("There are no draft changes to submit: save a draft first.")
    working_copy.state = WorkingCopy.State.IN_REVIEW
    working_copy.submitted_by = user
    working_copy.submitted_at = timezone.now()
    working_copy.comment = ""
    working_copy.save()
    audit_record(
        item=item,
        action=AuditEntry.Action.SUBMITTED,
        user=user,
        revision=working_copy.revision,
        note=note,
    )
    context = _email_context(item, working_copy, user=user, note=note)
    for approver in approvers_for(item):
        email_queue(
            key=f"review-{working_copy.revision_id}-submitted-{approver.pk}",
            to=[approver.email],
            template="publishing_review_requested",
            context=context,
        )
    return working_copy


@transaction.atomic
def revision_send_back(*, item: Publishable, user, comment: str) -> WorkingCopy:
    """An approver returns the changes to their editors with a comment saying what to fix."""
    if not user_may_publish(user, type(item)):
        raise ReviewRefused("Only approvers (staff who may publish) can send changes back.")
    if not comment.strip():
        raise ReviewRefused("Say what needs changing: the comment is sent to the editor.")
    working_copy = working_copy_of(item)
    if working_copy is None or working_copy.state != WorkingCopy.State.IN_REVIEW:
        raise ReviewRefused("These changes are not waiting for review.")
    working_copy.state = WorkingCopy.State.SENT_BACK
    working_copy.comment = comment.strip()
    working_copy.save()
    entry = audit_record(
        item=item,
        action=AuditEntry.Action.SENT_BACK,
        user=user,
        revision=working_copy.revision,
        note=working_copy.comment,
    )
    context = _email_context(item, working_copy, user=user, note=working_copy.comment)
    editors = get_user_model().objects.filter(
        pk__in=revision_authors(item) | {working_copy.submitted_by_id}, is_active=True
    )
    for editor in editors:
        email_queue(
            key=f"review-{entry.pk}-sent-back-{editor.pk}",
            to=[editor.email],
            template="publishing_review_sent_back",
            context=context,
        )
    return working_copy


@transaction.atomic
def revision_publish(
    *, item: Publishable, user, reason: str = "", now: bool = False
) -> Publishable:
    """Make the item's draft changes live, or publish a never-published item; at its publish-at
    time if it has one, or at once with `now` (which also brings forward a scheduled item).

    Raises ReviewRefused when the user may not (see publish_refusal), RevisionInvalid when the
    draft no longer makes a valid item.
    """
    model = type(item)
    item = model._default_manager.select_for_update().get(pk=item.pk)
    refusal = publish_refusal(item=item, user=user, reason=reason)
    if refusal:
        raise ReviewRefused(refusal)
    working_copy = working_copy_of(item)
    was_live = item_is_live(item)
    if working_copy is None:
        if was_live and not (now and not item.is_public):
            raise ReviewRefused("There are no draft changes to publish.")
        # Content nobody edited in the admin (the demo loader, a script): kept as it is.
        revision = revision_record_current(item=item, user=None)
    else:
        revision = working_copy.revision
    if now and _scheduled_later(revision.data.get("publish_at")):
        revision.data = {**revision.data, "publish_at": None}
        revision.save(update_fields=["data"])
    if _passed(revision.data.get("take_down_at")):
        # Publishing an item that was taken down puts it back up.
        revision.data = {**revision.data, "take_down_at": None}
        revision.save(update_fields=["data"])
    reviewed = (
        working_copy is not None
        and working_copy.state == WorkingCopy.State.IN_REVIEW
        and user.pk not in revision_authors(item)
    )
    old_path = item.get_absolute_url()
    applied = revision_apply(item=item, data=revision.data)
    report = content_check(applied.item)
    if report.blocks_publishing:
        raise ContentNotReady(report)
    item.status = Status.PUBLISHED
    publishable_update(item=applied.item)  # leaves a redirect if the address changed
    for name, pks in applied.m2m.items():
        getattr(item, name).set(pks)
    rows_write(item=item, rows=applied.rows)
    revision_settle_rows(revision=revision, item=item)  # names the rows' live ids and files
    revision.published_at = timezone.now()
    revision.published_by = user
    revision.save(update_fields=["published_at", "published_by"])
    WorkingCopy.objects.filter(content_type_id=revision.content_type_id, object_id=item.pk).delete()
    action = AuditEntry.Action.APPROVED if reviewed else AuditEntry.Action.PUBLISHED
    audit_record(item=item, action=action, user=user, revision=revision, note=reason.strip())
    if item.get_absolute_url() != old_path and was_live:
        audit_record(
            item=item,
            action=AuditEntry.Action.RENAMED,
            user=user,
            revision=revision,
            note=f"{old_path} → {item.get_absolute_url()}",
        )
    item.content_warnings = report.warnings  # published, but worth a look
    return item


@transaction.atomic
def item_unpublish(*, item: Publishable, user) -> Publishable:
    """Take a published item off the site (back to a draft); an approver's power."""
    if not user_may_publish(user, type(item)):
        raise ReviewRefused(
            f"You do not have permission to unpublish {type(item)._meta.verbose_name_plural}."
        )
    if item.status != Status.PUBLISHED:
        return item
    item.status = Status.DRAFT
    item.save(update_fields=["status", "updated_at"])
    audit_record(item=item, action=AuditEntry.Action.UNPUBLISHED, user=user)
    return item


@transaction.atomic
def item_delete(*, item: Publishable, user) -> None:
    """Delete an item, leaving in the audit trail who deleted what (its title and address, as
    the item itself is gone). Its revisions stay, so nothing written is lost; its unpublished
    draft goes with it."""
    audit_record(
        item=item,
        action=AuditEntry.Action.DELETED,
        user=user,
        note=f"Its address was {item.get_absolute_url()}",
    )
    WorkingCopy.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    ).delete()
    item.delete()


def _passed(moment: str | None) -> bool:
    when = parse_datetime(moment) if moment else None
    return when is not None and when <= timezone.now()


def _scheduled_later(publish_at: str | None) -> bool:
    when = parse_datetime(publish_at) if publish_at else None
    return when is not None and when > timezone.now()


def _email_context(item, working_copy, *, user, note: str) -> dict:
    opts = type(item)._meta
    compare = reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[item.pk])
    return {
        "item_title": str(item),
        "kind": opts.verbose_name,
        "by": (user.get_full_name() or user.email) if user else "Someone",
        "note": note,
        "compare_url": absolute_url(f"{compare}?a=live&b={working_copy.revision_id}"),
    }
