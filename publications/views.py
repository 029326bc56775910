from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render

from cja_site.cache import public_content_cached, public_page
from cja_site.publishing import publishable_get_for_request, publishable_render
from cja_site.staff import staff_may_preview
from documents.sniffing import content_type_for, document_download_name

from . import citations, selectors
from .forms import PublicationFilterForm
from .models import Publication

PAGE_SIZE = 20


@public_page(params=("kind", "topic", "series", "year", "page"))
def publication_list(request):
    choices = public_content_cached(
        "publication-filter-choices", selectors.publication_filter_choices
    )
    form = PublicationFilterForm(request.GET or None, choices=choices)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "page_obj": None, "filtered": True}
        return render(request, "publications/publication_list.html", context, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    publications = selectors.publication_list(
        kind=filters.get("kind") or "",
        topic=filters.get("topic") or "",
        series=filters.get("series") or "",
        year=filters.get("year"),
    )
    page_obj = Paginator(publications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "filtered": any(filters.values()),
        "query_string": urlencode({name: value for name, value in filters.items() if value}),
        # Offered "Get email updates" about the topic shown.
        "followed_topic": next(
            (topic for topic in choices["topics"] if topic.slug == filters.get("topic")), None
        ),
    }
    return render(request, "publications/publication_list.html", context)


@public_page
def publication_detail(request, slug):
    publication = publishable_get_for_request(
        request, queryset=selectors.publication_detail_queryset(), slug=slug
    )
    parts = selectors.publication_series_parts(publication=publication)
    position = next((i for i, p in enumerate(parts) if p.pk == publication.pk), None)
    context = {
        "publication": publication,
        "publication_json_ld": publication_json_ld(publication),
        "citation_pdf_url": citations.citation_pdf_url(publication),
        "series_parts": parts,
        "series_position": None if position is None else position + 1,
        "previous_part": parts[position - 1] if position else None,
        "next_part": parts[position + 1]
        if position is not None and position + 1 < len(parts)
        else None,
    }
    return publishable_render(
        request, "publications/publication_detail.html", context, item=publication
    )


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
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("No such document") from error
    response = FileResponse(
        handle,
        filename=document_download_name(attachment.file.name, attachment.file_type),
        content_type=content_type_for(attachment.file_type),
    )
    response["Cache-Control"] = "private, no-store" if staff else "public, max-age=3600"
    return response


def publication_json_ld(publication) -> dict:
    """schema.org data for search engines: a Report, or an Article for shorter pieces."""
    reports = {publication.Kind.REPORT, publication.Kind.RESEARCH}
    organisation = {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL}
    authors = [{"@type": "Person", "name": name} for name in publication.author_names]
    data = {
        "@context": "https://schema.org",
        "@type": "Report" if publication.kind in reports else "Article",
        "headline": publication.title,
        "name": publication.title,
        "description": publication.seo_description or publication.summary,
        "datePublished": publication.published_on.isoformat(),
        "dateModified": publication.updated_at.isoformat(),
        "url": settings.SITE_URL + publication.get_absolute_url(),
        "author": authors or [organisation],
        "publisher": organisation,
        "about": [topic.name for topic in publication.topics.all()],
    }
    if publication.series:
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": publication.series.title}
    return data
