"""The public, read-only API for publications and series: the same selectors as the pages."""

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from sitewide.api import OptionalURLField, QuerySlugField, SlugLookupMixin
from sitewide.site_url import absolute_url

from .models import Attachment, Publication, Series
from .selectors import publication_detail_queryset, publication_list


class SeriesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Series
        fields = ["slug", "title", "description"]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    # The API's names from before the model's fields were named like every document's.
    file_type = serializers.CharField(source="file_format", read_only=True)
    size = serializers.IntegerField(source="file_size", read_only=True)
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Attachment
        fields = ["title", "url", "file_type", "size", "label"]

    def get_url(self, attachment) -> str:
        return absolute_url(attachment.get_absolute_url())


class PublicationSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    series = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)

    class Meta:
        model = Publication
        fields = [
            "slug",
            "url",
            "title",
            "kind",
            "summary",
            "published_on",
            "authors",
            "topics",
            "series",
            "series_part",
        ]

    def get_url(self, publication) -> str:
        return absolute_url(publication.get_absolute_url())


class ConsultationSerializer(serializers.Serializer):
    name = serializers.CharField(source="consultation_name")
    department = serializers.CharField(source="consultation_department")
    closes = serializers.DateField(source="consultation_closes", allow_null=True)
    url = OptionalURLField(source="consultation_url")
    government_response_url = OptionalURLField()
    government_response_date = serializers.DateField(allow_null=True)


class PublicationSerializer(PublicationSummarySerializer):
    body = serializers.CharField(help_text="Sanitised HTML.")
    attachments = AttachmentSerializer(many=True, read_only=True)
    consultation = serializers.SerializerMethodField()
    related_campaigns = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta(PublicationSummarySerializer.Meta):
        fields = [
            *PublicationSummarySerializer.Meta.fields,
            "body",
            "attachments",
            "consultation",
            "related_campaigns",
        ]

    @extend_schema_field(ConsultationSerializer(allow_null=True))
    def get_consultation(self, publication) -> dict | None:
        if not publication.is_consultation_response:
            return None
        return ConsultationSerializer(publication).data


class PublicationFilterSerializer(serializers.Serializer):
    """The list's filters: each optional, and refused with a 400 when malformed."""

    kind = serializers.ChoiceField(choices=Publication.Kind.choices, required=False)
    topic = QuerySlugField(required=False, help_text="A topic's slug.")
    series = QuerySlugField(required=False, help_text="A series' slug.")
    year = serializers.IntegerField(
        required=False, min_value=1900, max_value=2100, help_text="Year of publication."
    )


@extend_schema_view(list=extend_schema(parameters=[PublicationFilterSerializer]))
class PublicationViewSet(SlugLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Published publications, newest first. Drafts and scheduled items are never listed."""

    def get_serializer_class(self):
        return PublicationSerializer if self.action == "retrieve" else PublicationSummarySerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return publication_detail_queryset().published()
        filters = PublicationFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return publication_list(**filters.validated_data)


class SeriesViewSet(SlugLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Series of publications, e.g. "Responding Restoratively"."""

    serializer_class = SeriesSerializer
    queryset = Series.objects.order_by("title")
