"""The public, read-only API for campaigns: the same selectors as the pages."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from sitewide.api import OptionalURLField, QuerySlugField, SlugLookupMixin
from sitewide.site_url import absolute_url

from .models import Campaign, Milestone
from .selectors import campaign_detail_queryset, campaign_list


class MilestoneSerializer(serializers.ModelSerializer):
    publication = serializers.SerializerMethodField()
    link_url = OptionalURLField()

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
    call_to_action_url = OptionalURLField()
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


class CampaignFilterSerializer(serializers.Serializer):
    """The list's filters: each optional, and refused with a 400 when malformed."""

    state = serializers.ChoiceField(choices=Campaign.State.choices, required=False)
    topic = QuerySlugField(required=False, help_text="A topic's slug.")


@extend_schema_view(list=extend_schema(parameters=[CampaignFilterSerializer]))
class CampaignViewSet(SlugLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Published campaigns, active first. Drafts and scheduled items are never listed."""

    def get_serializer_class(self):
        return CampaignSerializer if self.action == "retrieve" else CampaignSummarySerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return campaign_detail_queryset().published()
        filters = CampaignFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return campaign_list(**filters.validated_data)
