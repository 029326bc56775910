"""Every anonymous answer says how long a browser or CDN may keep it: public answers with a
max-age, errors briefly, private and one-off answers not at all."""

import pytest
from django.test import Client
from django.urls import reverse

from publications.models import Publication
from publishing.models import Status
from publishing.services import publishable_set_status
from tests.publications.factories import AttachmentFactory

from .test_private_no_store import site, site_urls  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    found = {}
    for directive in response.get("Cache-Control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name:
            found[name.lower()] = value
    return found


def test_every_route_answers_an_anonymous_visitor_with_cache_control(site, settings):  # noqa: F811
    urls = site_urls(site)
    assert len(urls) > 150
    for url in urls:
        response = Client().get(url)
        found = directives(response)
        assert found, (url, response.status_code)
        if "public" in found:
            assert "max-age" in found, (url, found)
            assert not response.cookies, url
            if response.status_code >= 400:
                assert int(found["max-age"]) <= settings.ERROR_CACHE_SECONDS, (url, found)
        else:
            assert {"no-store", "no-cache"} & found.keys(), (url, found)


@pytest.mark.parametrize(
    "name",
    [
        "publications:feed",
        "publications:feed-atom",
        "campaigns:feed",
        "sitemap",
        "api-schema",
        "api-docs",
        "publication-list",
        "contact:thank-you",
        "formats:thank-you",
    ],
)
def test_public_answers_say_how_long_they_may_be_kept(client, name, settings):
    response = client.get(reverse(name))
    assert response.status_code == 200
    found = directives(response)
    assert "public" in found, found
    assert 0 < int(found["max-age"]) <= settings.PUBLIC_PAGE_CACHE_SECONDS
    assert "Cookie" in response["Vary"]


def test_an_anonymous_404_or_400_is_kept_a_minute_at_most(client, settings):
    not_found = client.get("/publications/no-such-publication/")
    assert not_found.status_code == 404
    assert directives(not_found)["max-age"] == str(settings.ERROR_CACHE_SECONDS)
    for response in (client.post(reverse("contact:form"), {}), client.get("/healthz")):
        assert directives(response), response


def test_an_unpublished_document_stops_being_served_within_a_minute(client, settings):
    attachment = AttachmentFactory()
    url = attachment.get_absolute_url()
    served = client.get(url)
    assert served.status_code == 200
    assert int(directives(served)["max-age"]) <= settings.PUBLIC_DOCUMENT_CACHE_SECONDS
    assert b"".join(served.streaming_content)
    queryset = Publication.objects.filter(pk=attachment.publication.pk)
    assert publishable_set_status(queryset=queryset, status=Status.DRAFT) == 1
    gone = Client().get(url)
    assert gone.status_code == 404
    assert int(directives(gone)["max-age"]) <= settings.ERROR_CACHE_SECONDS
