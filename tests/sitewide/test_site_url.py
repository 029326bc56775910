"""Every absolute link the site gives out starts with SITE_URL (scheme and port included),
never the sites framework's example.com or whatever Host header a request came with."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib import admin
from django.contrib.sites.models import Site
from django.core import mail
from django.db import transaction

from directory.models import Area
from expert_group.services.membership import membership_invite
from sitewide.site_url import site_record_sync
from tests.campaigns.factories import CampaignFactory
from tests.directory.factories import AreaFactory, ServiceFactory
from tests.expert_group.factories import MeetingFactory, MembershipFactory
from tests.factories import PageFactory, UserFactory, staff_user
from tests.publications.factories import AttachmentFactory, PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db

SITE_URL = "http://127.0.0.1:8123"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
URL = re.compile(r"\b(?:https?|webcal)://[^\s\"'<>]+")
# Namespaces and schemas name documents, they are not links to follow.
NOT_LINKS = ("http://www.w3.org/", "http://www.sitemaps.org/", "http://purl.org/")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example"]
    return SITE_URL


@pytest.fixture
def content():
    publication = PublicationFactory(title="A briefing", series=SeriesFactory())
    AttachmentFactory(publication=publication)
    return {
        "publication": publication,
        "campaign": CampaignFactory(title="A campaign"),
        "page": PageFactory(slug="about"),
    }


def from_elsewhere(client, path, **extra):
    """A request that arrives over HTTPS with someone else's Host header."""
    return client.get(path, HTTP_HOST="evil.example", secure=True, **extra)


def links_in(text: str) -> list[str]:
    return [url for url in URL.findall(text) if not url.startswith(NOT_LINKS)]


def assert_all_from_site_url(links):
    assert links
    for link in links:
        assert link == SITE_URL or link.startswith(SITE_URL + "/"), link


@pytest.mark.parametrize("path", ["/publications/feed/", "/campaigns/feed/"])
def test_rss_links_and_guids_come_from_site_url(client, content, path):
    channel = ET.fromstring(from_elsewhere(client, path).content).find("channel")  # noqa: S314
    links = [channel.findtext("link"), channel.find(f"{ATOM}link").get("href")]
    for item in channel.findall("item"):
        links += [item.findtext("link"), item.findtext("guid")]
    assert_all_from_site_url(links)
    assert channel.find(f"{ATOM}link").get("href") == SITE_URL + path


@pytest.mark.parametrize("path", ["/publications/feed/atom/", "/campaigns/feed/atom/"])
def test_atom_links_and_ids_come_from_site_url(client, content, path):
    feed = ET.fromstring(from_elsewhere(client, path).content)  # noqa: S314
    links = [feed.findtext(f"{ATOM}id")] + [link.get("href") for link in feed.iter(f"{ATOM}link")]
    links += [entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry")]
    assert_all_from_site_url(links)
    assert SITE_URL + path in links


def test_sitemap_and_robots_use_site_url(client, content):
    sitemap = ET.fromstring(from_elsewhere(client, "/sitemap.xml").content)  # noqa: S314
    assert_all_from_site_url([loc.text for loc in sitemap.iter(f"{SITEMAP}loc")])
    robots = from_elsewhere(client, "/robots.txt").content.decode()
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in robots


def test_canonical_and_sharing_addresses_use_site_url(client, content):
    path = content["publication"].get_absolute_url()
    html = from_elsewhere(client, path).content.decode()
    assert f'<link rel="canonical" href="{SITE_URL}{path}">' in html
    assert f'<meta property="og:url" content="{SITE_URL}{path}">' in html
    assert "evil.example" not in html


def test_api_links_use_site_url(client, content):
    for index in range(25):
        PublicationFactory(title=f"Filler {index}")
    body = from_elsewhere(client, "/api/v1/publications/").json()
    assert_all_from_site_url([body["next"], *(item["url"] for item in body["results"])])
    detail = from_elsewhere(client, f"/api/v1/publications/{content['publication'].slug}/")
    assert_all_from_site_url(links_in(detail.content.decode()))
    campaigns = from_elsewhere(client, "/api/v1/campaigns/").json()
    assert_all_from_site_url([item["url"] for item in campaigns["results"]])


def test_meeting_calendar_links_use_site_url(client):
    member = MembershipFactory(user=UserFactory()).user
    meeting = MeetingFactory(joining_link="")
    client.force_login(member)
    text = from_elsewhere(client, f"/expert-group/members/meetings/{meeting.pk}/meeting.ics")
    text = text.content.decode().replace("\r\n ", "")  # unfold iCalendar's long lines
    assert_all_from_site_url(links_in(text))
    assert "evil.example" not in text


def test_admin_view_on_site_goes_to_site_url(client, content):
    """Every admin (and inline) of a model with a public address links to it on SITE_URL."""
    meeting = MeetingFactory()
    publication = content["publication"]
    service, area = ServiceFactory(), Area.objects.first() or AreaFactory()
    objects = {
        type(obj): obj
        for obj in [
            *content.values(), publication.attachments.first(), publication.series, meeting,
            service, area,
        ]
    }  # fmt: skip
    checked = 0
    for model_admin in admin.site._registry.values():
        inlines = model_admin.get_inline_instances(_request_for(staff_user()))
        for each in [model_admin, *inlines]:
            if not hasattr(each.model, "get_absolute_url") or not each.view_on_site:
                continue
            obj = objects[each.model]
            assert each.get_view_on_site_url(obj) == SITE_URL + obj.get_absolute_url()
            checked += 1
    assert checked >= 6

    client.force_login(staff_user())
    page = content["page"]
    html = from_elsewhere(client, f"/admin/cja_site/page/{page.pk}/change/").content.decode()
    assert f'href="{SITE_URL}{page.get_absolute_url()}"' in html
    assert "example.com" not in html


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_email_links_use_site_url(django_capture_on_commit_callbacks):

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        membership_invite(email="new.member@example.org")
    (message,) = mail.outbox
    html = "".join(body for body, mimetype in message.alternatives if mimetype == "text/html")
    assert_all_from_site_url(links_in(message.body) + links_in(html))
    assert "/expert-group/invitations/" in message.body


def test_the_sites_framework_follows_site_url(settings):
    """For anything that still asks the sites framework (allauth's emails name the site)."""
    site_record_sync()
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("127.0.0.1:8123", settings.SITE_NAME)
    settings.SITE_URL = "https://www.example.org.uk"
    site_record_sync()
    assert Site.objects.get_current().domain == "www.example.org.uk"


def test_migrate_leaves_no_example_com(django_db_setup):
    # The test database was made by `migrate`, with the settings' own SITE_URL.
    assert Site.objects.get(pk=1).domain != "example.com"
