from django.utils import timezone

from sitewide.attention import AttentionCheck

from .models import WorkingCopy, publishable_models
from .selectors import STALE_DRAFT_DAYS, working_copies_in_review, working_copies_stale


def checks() -> list[AttentionCheck]:
    """Changes waiting for review, and drafts of live items nobody has touched for a while."""
    return [
        AttentionCheck(
            WorkingCopy,
            working_copies_in_review,
            "change waiting for review",
            "changes waiting for review",
            "waiting=review",
            order=25,
            visible_to=may_see_some_content,
        ),
        AttentionCheck(
            WorkingCopy,
            working_copies_stale,
            f"draft of a live item untouched for {STALE_DRAFT_DAYS} days",
            f"drafts of live items untouched for {STALE_DRAFT_DAYS} days",
            "waiting=stale",
            order=45,
            visible_to=may_see_some_content,
        ),
    ]


def may_see_some_content(user) -> bool:
    """Changes waiting are listed for whoever may view some kind of publishable content."""
    return any(
        user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
        for model in publishable_models()
    )


def review_date_check(model) -> AttentionCheck:
    """Content staff promised to look at again by its `review_by` date."""
    return AttentionCheck(
        model,
        lambda: model.objects.filter(review_by__lt=timezone.localdate()),
        f"{model._meta.verbose_name} past its review date",
        f"{model._meta.verbose_name_plural} past their review date",
        "review=overdue",
        order=50,
    )
