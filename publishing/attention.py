from django.utils import timezone

from sitewide.attention import AttentionCheck


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
