import datetime
import json
import re

import pytest
from django.utils import timezone

from publications.models import Publication
from publishing.models import Status
from tests.campaigns.factories import CampaignFactory
from tests.factories import TopicFactory, UserFactory, staff_user
from tests.publications.factories import AttachmentFactory, PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


def test_list_shows_public_publications_newest_first(client):
    PublicationFactory(title="Older", published_on=datetime.date(2020, 1, 1))
    PublicationFactory(title="Newer", published_on=datetime.date(2023, 1, 1))
    PublicationFactory(title="Draft one", status=Status.DRAFT)
    PublicationFactory(title="Scheduled one", publish_at=timezone.now() + datetime.timedelta(1))
    html = html_of(client.get("/publications/"))
    assert html.index("Newer") < html.index("Older")
    assert "Draft one" not in html
    assert "Scheduled one" not in html
    assert "2 publications" in html


def test_list_filters_by_kind_topic_series_and_year(client):
    prisons = TopicFactory(name="Prisons", slug="prisons")
    series = SeriesFactory(title="Responding Restoratively", slug="responding-restoratively")
    PublicationFactory(
        title="Prison briefing", topics=[prisons], published_on=datetime.date(2022, 5, 1)
    )
    PublicationFactory(
        title="Series report", kind=Publication.Kind.REPORT, series=series, series_part=1,
        published_on=datetime.date(2016, 5, 1),
    )  # fmt: skip
    cases = {
        "kind=report": "Series report",
        "topic=prisons": "Prison briefing",
        "series=responding-restoratively": "Series report",
        "year=2022": "Prison briefing",
    }
    for query, expected in cases.items():
        html = html_of(client.get(f"/publications/?{query}"))
        other = ({"Prison briefing", "Series report"} - {expected}).pop()
        assert expected in html, query
        assert f">{other}</a>" not in html, query
        assert "1 publication match" in html


def test_filter_options_offer_only_what_exists(client):
    TopicFactory(name="Unused topic", slug="unused")
    PublicationFactory(topics=[TopicFactory(name="Victims", slug="victims")])
    html = html_of(client.get("/publications/"))
    assert '<option value="victims">Victims</option>' in html
    assert "Unused topic" not in html
    PublicationFactory(topics=[TopicFactory(name="Youth justice", slug="youth-justice")])
    html = html_of(client.get("/publications/?kind=briefing"))
    assert '<option value="youth-justice">Youth justice</option>' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=poem", "There is no type “poem”."),
        ("year=last-year", "There is no year “last-year”."),
        ("year=1066", "There is no year “1066”."),
        ("topic=no-such-topic", "There is no topic “no-such-topic”."),
        ("series=no-such-series", "There is no series “no-such-series”."),
    ],
)
def test_an_unknown_filter_value_is_the_same_400_naming_the_field(client, query, message):
    TopicFactory(name="Prisons", slug="prisons")
    SeriesFactory(title="Responding Restoratively", slug="responding-restoratively")
    response = client.get(f"/publications/?{query}")
    assert response.status_code == 400
    html = html_of(response)
    assert "There is a problem" in html
    assert message in html
    # The error summary leads to the field the value came in.
    field = query.split("=")[0]
    assert f'href="#id_{field}"' in html


def test_a_known_topic_without_publications_finds_nothing_rather_than_an_error(client):
    TopicFactory(name="Youth justice", slug="youth-justice")  # a campaign may link to it
    PublicationFactory(title="Prison briefing")
    response = client.get("/publications/?topic=youth-justice&year=2001")
    assert response.status_code == 200
    assert "Nothing matches all of these filters" in html_of(response)


def test_list_is_paginated_and_keeps_filters(client):
    for _ in range(25):
        PublicationFactory(kind=Publication.Kind.REPORT)
    html = html_of(client.get("/publications/?kind=report"))
    assert "Page 1 of 2" in html
    assert 'href="?kind=report&amp;page=2"' in html
    assert "Page 2 of 2" in html_of(client.get("/publications/?kind=report&page=2"))
    # A page beyond the end is not there (so made-up pages cannot fill the cache).
    assert client.get("/publications/?page=99").status_code == 404


def test_detail_shows_downloads_with_format_and_size(client):
    attachment = AttachmentFactory(title="Full report", file_size=1_234_567)
    html = html_of(client.get(attachment.publication.get_absolute_url()))
    assert f'href="{attachment.get_absolute_url()}">Full report</a>' in html
    assert "PDF, 1.2\xa0MB" in html


def test_attachment_downloads_for_public_publications_only(client):
    attachment = AttachmentFactory()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"

    hidden = AttachmentFactory(publication=PublicationFactory(status=Status.DRAFT))
    assert client.get(hidden.get_absolute_url()).status_code == 404
    # Guessing another publication's slug for the attachment finds nothing either.
    wrong = f"/publications/{PublicationFactory().slug}/documents/{attachment.pk}/"
    assert client.get(wrong).status_code == 404


def test_detail_of_a_consultation_response_shows_the_consultation(client):
    publication = PublicationFactory(
        kind=Publication.Kind.CONSULTATION_RESPONSE,
        consultation_name="Prisons Strategy White Paper",
        consultation_department="Ministry of Justice",
        consultation_closes=datetime.date(2022, 3, 8),
        consultation_url="https://www.gov.uk/example",
    )
    html = html_of(client.get(publication.get_absolute_url()))
    assert "Prisons Strategy White Paper" in html
    assert "Ministry of Justice" in html
    assert "8 March 2022" in html
    assert "Not published yet" in html  # no government response yet


def test_series_parts_link_previous_and_next(client):
    series = SeriesFactory(title="Responding Restoratively")
    first = PublicationFactory(series=series, series_part=1, title="Part one")
    second = PublicationFactory(series=series, series_part=2, title="Part two")
    PublicationFactory(series=series, series_part=3, title="Part three", status=Status.DRAFT)
    html = html_of(client.get(second.get_absolute_url()))
    assert "part 2 of 2" in html
    assert f'href="{first.get_absolute_url()}" rel="prev">Previous: Part one' in html
    assert "Part three" not in html


def test_detail_has_citation_json_ld_and_related_campaigns(client, settings):
    publication = PublicationFactory(
        title="A journey", authors="Jo Bloggs", kind=Publication.Kind.REPORT,
        published_on=datetime.date(2022, 6, 20),
    )  # fmt: skip
    CampaignFactory(title="Action plan", related_publications=[publication])
    CampaignFactory(title="Hidden draft", status=Status.DRAFT, related_publications=[publication])
    html = html_of(client.get(publication.get_absolute_url()))
    assert "How to cite" in html
    assert f"Jo Bloggs (2022) <cite>A journey</cite>. {settings.SITE_NAME}." in html
    assert "Action plan" in html
    assert "Hidden draft" not in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["@type"] == "Report"
    assert data["headline"] == "A journey"
    assert data["author"] == [{"@type": "Person", "name": "Jo Bloggs"}]
    assert '<meta property="og:type" content="article">' in html


def test_json_ld_cannot_break_out_of_its_script(client):
    publication = PublicationFactory(title="</script><script>alert(1)</script>")
    html = html_of(client.get(publication.get_absolute_url()))
    assert "<script>alert(1)" not in html


def test_drafts_and_scheduled_publications_are_404_for_visitors(client):
    draft = PublicationFactory(status=Status.DRAFT)
    later = PublicationFactory(publish_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(later.get_absolute_url()).status_code == 404


def test_scheduled_publication_appears_once_its_time_has_passed(client):
    publication = PublicationFactory(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(publication.get_absolute_url()).status_code == 200


def test_staff_preview_a_draft_with_a_banner_never_indexed_or_cached(client):
    draft = PublicationFactory(status=Status.DRAFT, title="Work in progress")
    client.force_login(
        staff_user(is_superuser=False, permissions=("publications.view_publication",))
    )
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: not published." in html_of(response)
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_members_who_are_not_staff_cannot_preview(client):
    draft = PublicationFactory(status=Status.DRAFT)
    client.force_login(UserFactory(is_staff=False))
    assert client.get(draft.get_absolute_url()).status_code == 404


def make_publications(count: int) -> Publication:
    topics = [TopicFactory(), TopicFactory()]
    series = SeriesFactory()
    for number in range(count):
        PublicationFactory(topics=topics, series=series, series_part=number + 1)
    publication = Publication.objects.first()
    for _ in range(count):
        AttachmentFactory(publication=publication)
    for _ in range(count // 3):
        CampaignFactory(related_publications=[publication], topics=topics)
    return publication


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_is_constant(client, django_assert_num_queries, count):
    series = make_publications(count).series
    # The filter choices (4), the count, the page, its topics; when the next scheduled item is due.
    with django_assert_num_queries(8):
        assert client.get("/publications/").status_code == 200
    # The filter choices are kept until something is published.
    last_page = 2 if count > 20 else 1
    with django_assert_num_queries(3):
        url = f"/publications/?series={series.slug}&page={last_page}"
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_detail_query_count_is_constant(client, django_assert_num_queries, count):
    publication = make_publications(count)
    # The publication with its series, topics, attachments, campaigns; the series' parts; when
    # the next scheduled item is due.
    with django_assert_num_queries(6):
        assert client.get(publication.get_absolute_url()).status_code == 200
