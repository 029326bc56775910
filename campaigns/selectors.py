from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from publications.models import Publication
from publishing.models import Topic

from .models import Campaign, Milestone


def campaigns_published() -> QuerySet[Campaign]:
    """Every campaign a visitor may see: published, and not scheduled for later."""
    return Campaign.objects.published()


def campaign_list(*, state: str = "", topic: str = "") -> QuerySet[Campaign]:
    """Public campaigns, active ones first."""
    campaigns = (
        campaigns_published()
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("name", "slug")))
        .defer("body", "search_vector")
        .annotate(
            state_order=Case(
                When(state=Campaign.State.ACTIVE, then=Value(0)),
                When(state=Campaign.State.WON, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("state_order", "-featured", "title")
    )
    if state:
        campaigns = campaigns.filter(state=state)
    if topic:
        campaigns = campaigns.filter(topics__slug=topic)
    return campaigns


def campaigns_featured(*, limit: int = 3) -> list[Campaign]:
    campaigns = campaign_list().prefetch_related(None)
    return list(campaigns.order_by("-featured", "state_order", "title")[:limit])


def campaign_detail_queryset() -> QuerySet[Campaign]:
    """All campaigns (drafts included, for staff previews) with what a detail page shows."""
    return Campaign.objects.prefetch_related(
        "topics",
        Prefetch("milestones", queryset=Milestone.objects.select_related("publication")),
        Prefetch(
            "related_publications",
            queryset=Publication.objects.published()
            .select_related("series")
            .defer("body", "search_vector"),
        ),
    )
