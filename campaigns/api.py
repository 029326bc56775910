"""The public, read-only API for campaigns: the same selectors as the pages."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from cja_site.site_url import absolute_url

from .models import Campaign, Milestone
from .selectors import campaign_detail_queryset, campaign_list


class MilestoneSerializer(serializers.ModelSerializer):
    publication = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["date", "kind", "title", "text", "publication", "link_url", "link_text"]

    def get_publication(self, milestone) -> str | None:
        """The linked publication's slug, if it is public."""
        publication = milestone.publication
        return publication.slug if publication and publication.is_public else None


class CampaignSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = Campaign
        fields = ["slug", "url", "title", "state", "summary", "topics", "updated_at"]

    def get_url(self, campaign) -> str:
        return absolute_url(campaign.get_absolute_url())


class CampaignSerializer(CampaignSummarySerializer):
    body = serializers.CharField(help_text="Sanitised HTML.")
    milestones = MilestoneSerializer(many=True, read_only=True)
    related_publications = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )

    class Meta(CampaignSummarySerializer.Meta):
        fields = [
            *CampaignSummarySerializer.Meta.fields,
            "body",
            "call_to_action_text",
            "call_to_action_url",
            "milestones",
            "related_publications",
        ]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, enum=Campaign.State.values),
            OpenApiParameter("topic", OpenApiTypes.STR, description="A topic's slug."),
        ]
    )
)
class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """Published campaigns, active first. Drafts and scheduled items are never listed."""

    lookup_field = "slug"

    def get_serializer_class(self):
        return CampaignSerializer if self.action == "retrieve" else CampaignSummarySerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return campaign_detail_queryset().published()
        state = self.request.query_params.get("state", "")
        if state and state not in Campaign.State.values:
            raise ValidationError({"state": f"Choose one of: {', '.join(Campaign.State.values)}."})
        return campaign_list(state=state, topic=self.request.query_params.get("topic", ""))
