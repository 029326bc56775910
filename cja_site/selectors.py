from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from contact.models import ContactMessage
from directory.models import Service
from directory.selectors import services_check_overdue
from expert_group.models import Meeting
from expert_group.selectors.meetings import (
    PAPERS_DUE_DAYS,
    meetings_below_quorum,
    meetings_without_papers,
)
from formats.models import FormatRequest
from formats.selectors import DUE_SOON_DAYS, format_requests_due_soon, format_requests_open
from notifications.models import Email
from publications.models import Publication
from publishing.models import WorkingCopy, publishable_models
from publishing.selectors import STALE_DRAFT_DAYS, working_copies_in_review, working_copies_stale
from tracking.models import ProposedEvent, TrackedItem
from tracking.selectors import proposed_events_waiting, tracked_items_failing

from .models import Page


def page_get_public(*, slug: str) -> Page | None:
    return Page.objects.published().filter(slug=slug).first()


# ------------------------------------------------------------------------------
# The admin home: what needs a member of staff's attention
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AttentionItem:
    count: int
    label: str
    url: str


def admin_attention(*, user) -> list[AttentionItem] | None:
    """What needs attention, each with a link to the list that shows it; only what the user may
    view. None when the user may view none of it; an empty list when all is well.

    One count query per check, however many rows there are.
    """
    today = timezone.localdate()
    quorum_days = settings.MEETING_QUORUM_CHECK_DAYS
    checks = [
        (
            WorkingCopy,
            working_copies_in_review,
            ("change waiting for review", "changes waiting for review"),
            "waiting=review",
        ),
        (
            WorkingCopy,
            working_copies_stale,
            (
                f"draft of a live item untouched for {STALE_DRAFT_DAYS} days",
                f"drafts of live items untouched for {STALE_DRAFT_DAYS} days",
            ),
            "waiting=stale",
        ),
        (
            ContactMessage,
            lambda: ContactMessage.objects.filter(handled_at__isnull=True),
            ("contact message not yet handled", "contact messages not yet handled"),
            "handled_at__isempty=1",
        ),
        (
            Email,
            lambda: Email.objects.filter(status=Email.Status.FAILED),
            ("email failed to send", "emails failed to send"),
            "status__exact=failed",
        ),
        (
            ProposedEvent,
            proposed_events_waiting,
            ("proposed timeline event to review", "proposed timeline events to review"),
            "status__exact=proposed",
        ),
        (
            TrackedItem,
            tracked_items_failing,
            ("tracked source failing", "tracked sources failing"),
            "failing=yes",
        ),
        *(
            (
                model,
                lambda model=model: model.objects.filter(review_by__lt=today),
                (
                    f"{model._meta.verbose_name} past its review date",
                    f"{model._meta.verbose_name_plural} past their review date",
                ),
                "review=overdue",
            )
            for model in (Page, Campaign, Publication)
        ),
        (
            Service,
            services_check_overdue,
            (
                "directory entry not checked for six months",
                "directory entries not checked for six months",
            ),
            "check=overdue",
        ),
        (
            FormatRequest,
            format_requests_open,
            ("format request open", "format requests open"),
            "status__exact=open",
        ),
        (
            FormatRequest,
            format_requests_due_soon,
            (
                f"format request due within {DUE_SOON_DAYS} days or overdue",
                f"format requests due within {DUE_SOON_DAYS} days or overdue",
            ),
            "due=soon",
        ),
        (
            Meeting,
            meetings_below_quorum,
            (
                f"meeting in the next {quorum_days} days below quorum",
                f"meetings in the next {quorum_days} days below quorum",
            ),
            "attention=below-quorum",
        ),
        (
            Meeting,
            meetings_without_papers,
            (
                f"meeting in the next {PAPERS_DUE_DAYS} days without papers",
                f"meetings in the next {PAPERS_DUE_DAYS} days without papers",
            ),
            "attention=no-papers",
        ),
    ]
    visible = [check for check in checks if _may_view(user, check[0])]
    if not visible:
        return None
    items = []
    for model, queryset, (singular, plural), query in visible:
        count = queryset().count()
        if count:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            items.append(
                AttentionItem(
                    count=count, label=singular if count == 1 else plural, url=f"{url}?{query}"
                )
            )
    return items


def _view_permission(model) -> str:
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


def _may_view(user, model) -> bool:
    if model is WorkingCopy:  # changes waiting: seen by whoever may see some kind of content
        return any(user.has_perm(_view_permission(kind)) for kind in publishable_models())
    return user.has_perm(_view_permission(model))
