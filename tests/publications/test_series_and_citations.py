"""A page per series; Google Scholar's citation tags and RIS/BibTeX references; filters that
offer only what exists; <time datetime> values the W3C validator accepts."""

import datetime
import re

import pytest

from publications.models import Publication
from publishing.models import Status
from tests.campaigns.factories import CampaignFactory
from tests.publications.factories import AttachmentFactory, PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def series():
    series = SeriesFactory(title="Responding Restoratively", slug="responding-restoratively")
    # Made out of order: the page lists them by part.
    PublicationFactory(series=series, series_part=2, title="Part two: prisons")
    PublicationFactory(series=series, series_part=1, title="Part one: courts")
    PublicationFactory(series=series, series_part=3, title="Part three", status=Status.DRAFT)
    return series


def test_series_page_lists_public_parts_in_order(client, series):
    html = html_of(client.get("/publications/series/responding-restoratively/"))
    assert "<h1>Responding Restoratively</h1>" in html
    assert html.index("Part one: courts") < html.index("Part two: prisons")
    assert "Part three" not in html
    assert "2 parts" in html


def test_each_part_links_to_its_series_page(client, series):
    part = Publication.objects.get(title="Part two: prisons")
    html = html_of(client.get(part.get_absolute_url()))
    assert html.count('href="/publications/series/responding-restoratively/"') == 2
    assert "All in this series" in html


def test_a_series_with_no_public_parts_has_no_page(client):
    SeriesFactory(slug="empty")
    PublicationFactory(series=SeriesFactory(slug="drafts"), status=Status.DRAFT)
    assert client.get("/publications/series/empty/").status_code == 404
    assert client.get("/publications/series/drafts/").status_code == 404
    assert client.get("/publications/series/nothing/").status_code == 404


def test_series_pages_are_in_the_sitemap(client, series):
    SeriesFactory(slug="empty")
    xml = client.get("/sitemap.xml").content.decode()
    assert "/publications/series/responding-restoratively/</loc>" in xml
    assert "/publications/series/empty/" not in xml


@pytest.mark.parametrize("count", [3, 30])
def test_series_page_query_count_is_constant(client, django_assert_num_queries, count):
    series = SeriesFactory(slug="long")
    for number in range(count):
        PublicationFactory(series=series, series_part=number + 1)
    with django_assert_num_queries(3):  # the series, its parts; when the next item is due
        html_of(client.get("/publications/series/long/"))


def test_filters_offer_only_kinds_that_have_publications(client):
    PublicationFactory(kind=Publication.Kind.REPORT)
    PublicationFactory(kind=Publication.Kind.GUIDE, status=Status.DRAFT)
    html = html_of(client.get("/publications/"))
    assert '<option value="report">Report</option>' in html
    assert 'value="guide"' not in html
    assert 'value="briefing"' not in html
    # An old link to a kind with nothing in it finds nothing rather than failing.
    assert "0 publications" in html_of(client.get("/publications/?kind=guide"))


@pytest.fixture
def report(settings):
    settings.SITE_URL = "https://cja.example"
    publication = PublicationFactory(
        slug="a-journey",
        title="A journey of learning {growth} & 100% change_now",
        authors="Jo Bloggs and Sam Lee",
        kind=Publication.Kind.REPORT,
        published_on=datetime.date(2022, 6, 20),
        series=SeriesFactory(title="Responding Restoratively"),
        series_part=1,
    )
    AttachmentFactory(publication=publication)
    return publication


def meta_contents(html: str, name: str) -> list[str]:
    return re.findall(rf'<meta name="{name}" content="([^"]*)">', html)


def test_detail_carries_google_scholar_citation_tags(client, report, settings):
    html = html_of(client.get("/publications/a-journey/"))
    pdf = report.attachments.get()
    assert meta_contents(html, "citation_title") == [
        "A journey of learning {growth} &amp; 100% change_now"
    ]
    assert meta_contents(html, "citation_author") == ["Jo Bloggs", "Sam Lee"]
    assert meta_contents(html, "citation_publication_date") == ["2022/06/20"]
    assert meta_contents(html, "citation_pdf_url") == [
        f"https://cja.example/publications/a-journey/documents/{pdf.pk}/"
    ]
    assert meta_contents(html, "citation_publisher") == [settings.SITE_NAME]


def test_without_authors_or_pdf_the_charity_is_the_author(client, settings):
    PublicationFactory(slug="briefing", authors="")
    html = html_of(client.get("/publications/briefing/"))
    assert meta_contents(html, "citation_author") == [settings.SITE_NAME]
    assert meta_contents(html, "citation_pdf_url") == []


def test_how_to_cite_offers_ris_and_bibtex(client, report):
    html = html_of(client.get("/publications/a-journey/"))
    assert 'href="/publications/a-journey/cite.ris" download>RIS' in html
    assert 'href="/publications/a-journey/cite.bib" download>BibTeX' in html


def test_ris_download(client, report, settings):
    response = client.get("/publications/a-journey/cite.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="a-journey.ris"'
    text = response.content.decode()
    lines = text.split("\r\n")
    assert lines[0] == "TY  - RPRT"
    assert "TI  - A journey of learning {growth} & 100% change_now" in lines
    assert [x for x in lines if x.startswith("AU")] == ["AU  - Jo Bloggs", "AU  - Sam Lee"]
    assert "DA  - 2022/06/20/" in lines
    assert f"PB  - {settings.SITE_NAME}" in lines
    assert "UR  - https://cja.example/publications/a-journey/" in lines
    assert lines[-2:] == ["ER  - ", ""]


def test_ris_names_the_charity_as_author_when_no_person_is_named(client, settings):
    PublicationFactory(slug="briefing", authors="")
    lines = client.get("/publications/briefing/cite.ris").content.decode().split("\r\n")
    assert [x for x in lines if x.startswith(("AU", "A2", "A3"))] == [f"AU  - {settings.SITE_NAME}"]
    assert f"PB  - {settings.SITE_NAME}" in lines


def test_bibtex_download_escapes_special_characters(client, report, settings):
    response = client.get("/publications/a-journey/cite.bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="a-journey.bib"'
    text = response.content.decode()
    assert text.startswith("@techreport{a-journey,\n")
    assert r"title = {{A journey of learning \{growth\} \& 100\% change\_now}}" in text
    assert "author = {Jo Bloggs and Sam Lee}" in text
    assert f"institution = {{{{{settings.SITE_NAME}}}}}" in text
    assert "month = jun," in text
    assert "url = {https://cja.example/publications/a-journey/}" in text
    assert text.count("{") == text.count("}")


def test_no_references_for_drafts(client):
    PublicationFactory(slug="draft", status=Status.DRAFT)
    assert client.get("/publications/draft/cite.ris").status_code == 404
    assert client.get("/publications/draft/cite.bib").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_reference_query_count_is_constant(client, django_assert_num_queries, count):
    publication = PublicationFactory(slug="many")
    for _ in range(count):
        AttachmentFactory(publication=publication)
    with django_assert_num_queries(3):  # the publication with its series, its documents; when
        # the next scheduled item is due
        client.get("/publications/many/cite.bib")


def test_time_datetime_values_have_no_microseconds(client):
    CampaignFactory(slug="plan")  # updated_at carries the clock's microseconds
    html = html_of(client.get("/campaigns/plan/"))
    values = re.findall(r'<time datetime="([^"]+)"', html)
    assert values
    for value in values:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?", value), value
