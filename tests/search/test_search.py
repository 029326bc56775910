import datetime

import pytest
from django.utils import timezone

from publishing.models import Status
from search.backends import START, STOP, highlight
from tests.campaigns.factories import CampaignFactory
from tests.factories import PageFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def search(client, query: str):
    return client.get("/search/", {"q": query})


def test_postcode_lottery_finds_the_briefing(client, demo_content):
    response = search(client, "postcode lottery")
    assert response.status_code == 200
    html = response.content.decode()
    assert "A journey of learning, growth and change" in html
    assert "<mark>" in html.lower()


def test_search_covers_campaigns_publications_and_pages(client):
    PublicationFactory(title="Restorative prisons briefing")
    CampaignFactory(title="Restorative prisons campaign")
    PageFactory(title="Restorative prisons page")
    html = search(client, "restorative prisons").content.decode()
    for title in ["briefing", "campaign", "page"]:
        assert f"Restorative prisons {title}" in html


def test_titles_rank_above_bodies(client):
    PublicationFactory(title="Something else", body="<p>Mentions victims once.</p>")
    PublicationFactory(title="Victims first", body="<p>Other words.</p>")
    html = search(client, "victims").content.decode()
    assert html.index("Victims first") < html.index("Something else")


def test_drafts_and_scheduled_items_are_never_found(client):
    PublicationFactory(title="Unicorn draft", status=Status.DRAFT)
    CampaignFactory(title="Unicorn scheduled", publish_at=timezone.now() + datetime.timedelta(1))
    PageFactory(title="Unicorn page draft", status=Status.DRAFT)
    html = search(client, "unicorn").content.decode()
    assert "No results for" in html
    assert "Unicorn" not in html.replace("“unicorn”", "")


@pytest.mark.parametrize("query", ["", "   ", "!!!", "&&& |||", "zzqxv", '"unfinished', "-"])
def test_empty_and_nonsense_queries_get_a_helpful_page(client, query):
    response = search(client, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Search" in html
    assert "No results for" in html or "For example" in html


def test_very_long_or_broken_queries_are_a_clear_400(client):
    response = search(client, "restorative " * 50)
    assert response.status_code == 400
    assert "Search for at most 200 characters" in response.content.decode()
    assert search(client, "nul\x00byte").status_code == 400


def test_snippets_escape_content_and_only_mark_matches(client):
    PublicationFactory(
        title="Victims <b>bold</b>",
        summary="Victims said <script>alert(1)</script> & more",
    )
    html = search(client, "victims").content.decode()
    assert "<script>alert(1)" not in html
    assert "Victims <b>bold</b>" not in html
    assert "<mark>Victims</mark>" in html


def test_highlight_allows_nothing_but_mark():
    text = f'<img src=x onerror="alert(1)">{START}harm{STOP} & "repair"'
    assert highlight(text) == "<mark>harm</mark> &amp; &quot;repair&quot;"
    assert highlight(f"{START}cut off") == "cut off"


@pytest.mark.parametrize("count", [3, 30])
def test_search_query_count_is_bounded(client, django_assert_max_num_queries, count):
    for _ in range(count):
        PublicationFactory(title="Victims briefing")
        CampaignFactory(title="Victims campaign")
    # Publications, campaigns, pages; on PostgreSQL one more per kind shown, for the snippets.
    with django_assert_max_num_queries(6):
        assert search(client, "victims").status_code == 200


def test_the_header_search_box_keeps_the_query_on_the_results_page(client):
    PublicationFactory(title="Restorative justice in prisons")
    html = client.get("/search/", {"q": 'prisons "and" <youth>'}).content.decode()
    header = html[html.index('id="site-search-q"') - 200 : html.index('id="site-search-q"') + 300]
    assert 'value="prisons &quot;and&quot; &lt;youth&gt;"' in header
    # Elsewhere the box is empty.
    home = client.get("/").content.decode()
    box = home[home.index('id="site-search-q"') :]
    assert box[: box.index(">")].count("value=") == 0
