from functools import partial
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from documents.downloads import document_response
from publishing.cache import page_detached, page_or_404, public_content_cached, public_page
from publishing.json_ld import image_json_ld, organisation_json_ld
from publishing.views import publishable_get_for_request, publishable_render
from sitewide.site_url import absolute_url
from sitewide.staff import staff_may_preview

from . import citations, selectors
from .forms import PublicationFilterForm
from .models import Publication

PAGE_SIZE = 20


FILTERS = ("kind", "topic", "series", "year")


@public_page(params=(*FILTERS, "page"))
def publication_list(request):
    values = {name: request.GET[name] for name in FILTERS if name in request.GET}
    bound = bool(request.GET)
    filters = public_content_cached(
        f"publication-filters:{bound}?{urlencode(sorted(values.items()))}",
        partial(_filters, data=request.GET if bound else None),
    )
    context = {"filters_html": filters["html"], "page_obj": None}
    if filters["cleaned"] is None:
        return render(request, "publications/publication_list.html", context, status=400)
    query_string = urlencode({name: value for name, value in filters["cleaned"].items() if value})
    page_number = request.GET.get("page")
    context["page_obj"] = public_content_cached(
        f"publication-list?{query_string}&page={page_number}",
        partial(_list_page, filters=filters["cleaned"], page_number=page_number),
    )
    context |= {
        "filtered": any(filters["cleaned"].values()),
        "query_string": query_string,
        # Offered "Get email updates" about the topic shown.
        "followed_topic": _topic_shown(filters["cleaned"].get("topic")),
    }
    return render(request, "publications/publication_list.html", context)


def _topic_shown(slug: str | None):
    if not slug:
        return None
    choices = public_content_cached(
        "publication-filter-choices", selectors.publication_filter_choices
    )
    return next((topic for topic in choices["topics"] if topic.slug == slug), None)


def _filters(*, data) -> dict:
    """The filter form written out, and its cleaned values (None when a value is refused)."""
    choices = public_content_cached(
        "publication-filter-choices", selectors.publication_filter_choices
    )
    form = PublicationFilterForm(data, choices=choices)
    valid = not form.is_bound or form.is_valid()
    cleaned = (form.cleaned_data if form.is_bound else {}) if valid else None
    filtered = not valid or any(cleaned.values())
    html = render_to_string(
        "publications/includes/filters.html", {"form": form, "filtered": filtered}
    )
    return {"html": html, "cleaned": cleaned}


def _list_page(*, filters: dict, page_number: str | None):
    publications = selectors.publication_list(
        kind=filters.get("kind") or "",
        topic=filters.get("topic") or "",
        series=filters.get("series") or "",
        year=filters.get("year"),
    )
    return page_detached(page_or_404(Paginator(publications, PAGE_SIZE), page_number))


@public_page
def publication_detail(request, slug):
    context = None
    if not _drafted_version_asked(request):
        context = public_content_cached(
            f"publication-detail:{slug}", partial(_public_detail_context, slug=slug)
        )
    if context is None:  # a draft or scheduled item (staff preview it), or none at all
        publication = publishable_get_for_request(
            request, queryset=selectors.publication_detail_queryset(), slug=slug
        )
        context = _detail_context(publication)
    return publishable_render(
        request, "publications/publication_detail.html", context, item=context["publication"]
    )


def _drafted_version_asked(request) -> bool:
    """A revision previewed, or the item shown through a review link: not the live version."""
    return "revision" in request.GET or getattr(request, "review_item", None) is not None


def _public_detail_context(*, slug: str) -> dict | None:
    publication = selectors.publication_detail_queryset().filter(slug=slug).first()
    if publication is None or not publication.is_public:
        return None
    return _detail_context(publication)


def _detail_context(publication) -> dict:
    parts = selectors.publication_series_parts(publication=publication)
    position = next((i for i, p in enumerate(parts) if p.pk == publication.pk), None)
    context = {
        "publication": publication,
        "documents": selectors.publication_documents(publication=publication),
        "publication_json_ld": publication_json_ld(publication),
        "citation_pdf_url": citations.citation_pdf_url(publication),
        "series_parts": parts,
        "series_position": None if position is None else position + 1,
        "previous_part": parts[position - 1] if position else None,
        "next_part": parts[position + 1]
        if position is not None and position + 1 < len(parts)
        else None,
    }
    return context


CITATION_FORMATS = {
    "ris": (citations.citation_ris, "application/x-research-info-systems", "ris"),
    "bibtex": (citations.citation_bibtex, "application/x-bibtex", "bib"),
}


@public_page
def publication_citation(request, slug, style):
    """The "How to cite" reference as a file a reference manager imports (public items only)."""
    publication = selectors.publication_for_citation(slug=slug)
    if publication is None:
        raise Http404("No such publication")
    render_citation, content_type, extension = CITATION_FORMATS[style]
    response = HttpResponse(
        render_citation(publication), content_type=f"{content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}.{extension}"'
    return response


@public_page
def series_detail(request, slug):
    series = selectors.series_get(slug=slug)
    if series is None:
        raise Http404("No such series")
    context = {"series": series, "parts": selectors.series_parts(series=series)}
    return render(request, "publications/series_detail.html", context)


def attachment_download(request, slug, pk):
    """A public document, streamed from storage (works the same with or without a proxy)."""
    attachment = selectors.attachment_get(slug=slug, pk=pk)
    staff = attachment is None and staff_may_preview(request.user, Publication)
    if staff:
        # A draft's document, for staff who may preview the draft itself.
        attachment = selectors.attachment_get(slug=slug, pk=pk, public_only=False)
    if attachment is None:
        raise Http404("No such document")
    return document_response(attachment, private=staff)


def publication_json_ld(publication) -> dict:
    """schema.org data for search engines: a Report, or an Article for shorter pieces."""
    reports = {publication.Kind.REPORT, publication.Kind.RESEARCH}
    organisation = organisation_json_ld()
    authors = [{"@type": "Person", "name": name} for name in publication.author_names]
    data = {
        "@context": "https://schema.org",
        "@type": "Report" if publication.kind in reports else "Article",
        "headline": publication.title,
        "name": publication.title,
        "description": publication.seo_description or publication.summary,
        "datePublished": publication.published_on.isoformat(),
        "dateModified": publication.updated_at.isoformat(),
        "url": absolute_url(publication.get_absolute_url()),
        "image": image_json_ld(publication),
        "author": authors or [organisation],
        "publisher": organisation,
        "about": [topic.name for topic in publication.topics.all()],
    }
    if publication.series:
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": publication.series.title}
    return data
