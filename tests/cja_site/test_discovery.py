"""Feeds, the sitemap and robots.txt: valid, complete, and never showing unpublished items."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from directory.models import Area
from publications.models import Publication
from publishing.models import Status
from tests.campaigns.factories import CampaignFactory
from tests.directory.factories import ServiceFactory
from tests.factories import PageFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def content():
    return {
        "public": [
            PublicationFactory(title="Public briefing"),
            CampaignFactory(title="Public campaign"),
        ],
        "hidden": [
            PublicationFactory(title="Draft briefing", status=Status.DRAFT),
            PublicationFactory(
                title="Future briefing", publish_at=timezone.now() + datetime.timedelta(days=1)
            ),
            CampaignFactory(title="Draft campaign", status=Status.DRAFT),
        ],
    }


@pytest.mark.parametrize("path", ["/publications/feed/", "/campaigns/feed/"])
def test_rss_feeds_are_valid_and_public_only(client, content, path):
    response = client.get(path)
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles and all(title.startswith("Public") for title in titles)


@pytest.mark.parametrize("path", ["/publications/feed/atom/", "/campaigns/feed/atom/"])
def test_atom_feeds_are_valid_and_public_only(client, content, path):
    response = client.get(path)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert titles and all(title.startswith("Public") for title in titles)


def test_sitemap_lists_every_public_page_and_nothing_else(client, content, settings):
    PageFactory(slug="about")
    PageFactory(slug="secret-page", status=Status.DRAFT)
    service = ServiceFactory(title="Public service")
    ServiceFactory(title="Draft service", status=Status.DRAFT)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    sitemap = ET.fromstring(response.content)  # noqa: S314
    urls = {loc.text for loc in sitemap.iter(f"{namespace}loc")}
    paths = ["/", "/campaigns/", "/publications/", "/about/", "/contact/", "/expert-group/"]
    paths += [
        "/find-restorative-justice/",
        "/find-restorative-justice/map/",
        "/find-restorative-justice/look-elsewhere/scotland/",
        "/find-restorative-justice/look-elsewhere/northern-ireland/",
        "/find-restorative-justice/look-elsewhere/channel-islands-and-isle-of-man/",
    ]
    paths += [area.get_absolute_url() for area in Area.objects.all()]
    paths += [item.get_absolute_url() for item in [*content["public"], service]]
    assert urls == {settings.SITE_URL + path for path in paths}


def test_every_sitemap_entry_says_when_it_last_changed(client, content, settings):
    PageFactory(slug="about")
    service = ServiceFactory()
    scheduled = PublicationFactory(publish_at=timezone.now() - datetime.timedelta(minutes=5))
    Publication.objects.filter(pk=scheduled.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=2)
    )
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    lastmod = {
        url.findtext(f"{namespace}loc"): url.findtext(f"{namespace}lastmod")
        for url in sitemap.iter(f"{namespace}url")
    }
    # The contact form and the group's page have no content date to go by.
    undated = {settings.SITE_URL + "/contact/", settings.SITE_URL + "/expert-group/"}
    assert {url for url, value in lastmod.items() if not value} == undated
    assert len(lastmod) == 15 + Area.objects.count()
    # The sitemap protocol's dates, in the site's time zone.
    when = {url.removeprefix(settings.SITE_URL): value for url, value in lastmod.items()}
    newest_campaign = content["public"][1]
    assert when["/campaigns/"] == timezone.localdate(newest_campaign.updated_at).isoformat()
    # A scheduled item changed for visitors when it went public, not at its last edit.
    went_public = timezone.localdate(scheduled.publish_at).isoformat()
    assert when[scheduled.get_absolute_url()] == went_public
    assert when["/publications/"] == went_public
    assert when["/"] == max(went_public, when["/campaigns/"])
    # The directory's pages change with its services.
    service_changed = timezone.localdate(service.updated_at).isoformat()
    assert when["/find-restorative-justice/"] == service_changed
    assert when[Area.objects.first().get_absolute_url()] == service_changed


def test_robots_txt_points_to_the_sitemap(client, settings):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text


def test_list_pages_advertise_their_feeds(client):
    html = client.get("/publications/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/publications/feed/atom/"' in html


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/publications/feed/", 3),  # the site (sites framework), publications, their topics
        ("/campaigns/feed/", 2),
        # The site; when the lists and the directory last changed (2 + 2); pages, campaigns,
        # publications and areas: a count and a page each; series and services: none public.
        ("/sitemap.xml", 15),
    ],
)
def test_feed_and_sitemap_query_counts_are_constant(
    client, django_assert_num_queries, count, path, queries
):
    from tests.factories import TopicFactory

    topics = [TopicFactory(), TopicFactory()]
    for _ in range(count):
        PublicationFactory(topics=topics)
        CampaignFactory(topics=topics)
        PageFactory()
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
