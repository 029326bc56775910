from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import ExtractYear

from publishing.models import Topic

from .models import Attachment, Publication, Series


def publications_published() -> QuerySet[Publication]:
    """Every publication a visitor may see: published, and not scheduled for later."""
    return Publication.objects.published()


def publication_list(
    *, kind: str = "", topic: str = "", series: str = "", year: int | None = None
) -> QuerySet[Publication]:
    publications = (
        publications_published()
        .select_related("series")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("name", "slug")))
        .defer("body", "search_vector")
    )
    if kind:
        publications = publications.filter(kind=kind)
    if topic:
        publications = publications.filter(topics__slug=topic)
    if series:
        publications = publications.filter(series__slug=series)
    if year:
        publications = publications.filter(published_on__year=year)
    return publications


def publication_filter_choices() -> dict:
    """The kinds, topics, series and years that have at least one public publication, and the
    slugs of every topic and series (a filter may name one that has none yet)."""
    public = publications_published()
    topics = list(Topic.objects.annotate(in_use=Exists(public.filter(topics=OuterRef("pk")))))
    series = list(Series.objects.annotate(in_use=Exists(public.filter(series=OuterRef("pk")))))
    return {
        "kinds": list(public.order_by().values_list("kind", flat=True).distinct()),
        "topics": [topic for topic in topics if topic.in_use],
        "series": [one for one in series if one.in_use],
        "known_topics": [topic.slug for topic in topics],
        "known_series": [one.slug for one in series],
        "years": list(
            public.annotate(year=ExtractYear("published_on"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        ),
    }


def publication_detail_queryset() -> QuerySet[Publication]:
    """All publications (drafts included, for staff previews) with what a detail page shows."""
    # Campaigns link to publications, not the other way: reached through the reverse relation,
    # so this app never imports the campaigns app above it.
    campaign_model = Publication._meta.get_field("related_campaigns").related_model
    return Publication.objects.select_related("series").prefetch_related(
        "topics",
        Prefetch("attachments", queryset=Attachment.objects.order_by("order", "id")),
        Prefetch(
            "related_campaigns",
            queryset=campaign_model.objects.published().only("title", "slug", "summary", "state"),
        ),
    )


@dataclass(frozen=True)
class DocumentVersions:
    """An original document and its alternative formats (Easy Read, audio…)."""

    document: Attachment
    alternatives: list[Attachment]


def publication_documents(*, publication: Publication) -> list[DocumentVersions]:
    """Its original documents in order, each with its alternative formats (from the prefetched
    attachments: no query of its own)."""
    attachments = list(publication.attachments.all())
    return [
        DocumentVersions(
            document=original,
            alternatives=[a for a in attachments if a.alternative_of_id == original.pk],
        )
        for original in attachments
        if original.alternative_of_id is None
    ]


def publication_series_parts(*, publication: Publication) -> list[Publication]:
    """The public parts of the publication's series, in order (the publication itself included)."""
    if publication.series_id is None:
        return []
    parts = (
        publications_published()
        .filter(series_id=publication.series_id)
        .order_by("series_part", "published_on", "id")
        .only("title", "slug", "series_part", "status", "publish_at")
    )
    return list(parts)


def publication_for_citation(*, slug: str) -> Publication | None:
    """A public publication with what its reference needs: its series and documents."""
    return (
        publications_published()
        .select_related("series")
        .prefetch_related("attachments")
        .defer("body", "search_vector")
        .filter(slug=slug)
        .first()
    )


def series_get(*, slug: str) -> Series | None:
    """A series with at least one public publication (an empty one has no page)."""
    return Series.objects.filter(slug=slug, publications__in=publications_published()).first()


def series_parts(*, series: Series) -> list[Publication]:
    """The series' public publications, in reading order."""
    parts = (
        publications_published()
        .filter(series=series)
        .defer("body", "search_vector")
        .order_by("series_part", "published_on", "id")
    )
    return list(parts)


def series_with_public_parts() -> QuerySet[Series]:
    return Series.objects.filter(publications__in=publications_published()).distinct()


def publications_latest(*, limit: int = 5) -> list[Publication]:
    return list(publication_list()[:limit])


def attachment_get(*, slug: str, pk: int, public_only: bool = True) -> Attachment | None:
    attachments = Attachment.objects.filter(pk=pk, publication__slug=slug)
    if public_only:
        attachments = attachments.filter(publication__in=publications_published())
    return attachments.first()
