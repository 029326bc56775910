"""The page cache cannot be turned against the site: one entry per query a view tells apart,
and nothing stored for pages that are not there or values that are refused."""

import pytest

from publications.models import Publication
from publishing.cache import cache
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def stored_pages() -> int:
    backend = cache._cache
    if hasattr(backend, "get_client"):  # Redis
        return len(list(backend.get_client().scan_iter(match="*public-pages:page:*")))
    return sum("public-pages:page:" in key for key in backend)


def test_repeated_values_in_another_order_are_another_page(client):
    PublicationFactory(kind=Publication.Kind.REPORT, title="A report")
    PublicationFactory(kind=Publication.Kind.BRIEFING, title="A briefing")
    # The view reads the last value given: these two ask for different lists.
    reports = client.get("/publications/?kind=briefing&kind=report")
    briefings = client.get("/publications/?kind=report&kind=briefing")
    assert stored_pages() == 2
    again = client.get("/publications/?kind=report&kind=briefing")
    assert again.content == briefings.content
    assert "A report" in reports.content.decode()
    assert "A report" not in again.content.decode()
    assert "A briefing" in again.content.decode()


def test_parameters_the_view_ignores_share_one_entry(client):
    PublicationFactory()
    client.get("/publications/?kind=report&utm_source=mail")
    client.get("/publications/?utm_campaign=x&kind=report")
    assert stored_pages() == 1


@pytest.mark.parametrize(
    "query",
    ["?page=99", "?page=2", "?page=0", "?page=01", "?page=x", "?page=", "?kind=no-such-kind"],
)
def test_pages_that_are_not_there_and_refused_values_are_never_stored(client, query):
    PublicationFactory()
    for _ in range(2):
        response = client.get("/publications/" + query)
        assert response.status_code in (400, 404), query
    assert stored_pages() == 0
    assert client.get("/publications/?page=1").status_code == 200
    assert stored_pages() == 1


def test_search_pages_past_the_last_are_not_stored(client):
    PublicationFactory(title="Restorative practice in schools")
    assert client.get("/search/?q=restorative").status_code == 200
    assert client.get("/search/?q=restorative&page=7").status_code == 404
    assert stored_pages() == 1
