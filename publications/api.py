"""The public, read-only API for publications and series: the same selectors as the pages."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from cja_site.site_url import absolute_url

from .models import Attachment, Publication, Series
from .selectors import publication_detail_queryset, publication_list


class SeriesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Series
        fields = ["slug", "title", "description"]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Attachment
        fields = ["title", "url", "file_type", "size", "label"]

    def get_url(self, attachment) -> str:
        return absolute_url(attachment.get_absolute_url())


class PublicationSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    series = serializers.SlugRelatedField(read_only=True, slug_field="slug")

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
    url = serializers.URLField(source="consultation_url")
    government_response_url = serializers.URLField()
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


LIST_FILTERS = [
    OpenApiParameter("kind", OpenApiTypes.STR, enum=Publication.Kind.values),
    OpenApiParameter("topic", OpenApiTypes.STR, description="A topic's slug."),
    OpenApiParameter("series", OpenApiTypes.STR, description="A series' slug."),
    OpenApiParameter("year", OpenApiTypes.INT, description="Year of publication."),
]


@extend_schema_view(list=extend_schema(parameters=LIST_FILTERS))
class PublicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Published publications, newest first. Drafts and scheduled items are never listed."""

    lookup_field = "slug"

    def get_serializer_class(self):
        return PublicationSerializer if self.action == "retrieve" else PublicationSummarySerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return publication_detail_queryset().published()
        params = self.request.query_params
        kind = params.get("kind", "")
        if kind and kind not in Publication.Kind.values:
            raise ValidationError({"kind": f"Choose one of: {', '.join(Publication.Kind.values)}."})
        year = params.get("year", "")
        if year and not (year.isdigit() and len(year) == 4):
            raise ValidationError({"year": "Give a four-digit year, e.g. 2022."})
        return publication_list(
            kind=kind,
            topic=params.get("topic", ""),
            series=params.get("series", ""),
            year=int(year) if year else None,
        )


class SeriesViewSet(viewsets.ReadOnlyModelViewSet):
    """Series of publications, e.g. "Responding Restoratively"."""

    serializer_class = SeriesSerializer
    lookup_field = "slug"
    queryset = Series.objects.order_by("title")
