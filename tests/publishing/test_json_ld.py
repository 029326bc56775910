"""schema.org data: the charity and its website on the home page, and an image on every Article
and Report (the one shared with a link to it)."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from publications.models import Publication
from tests.campaigns.factories import CampaignFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def json_ld(client, path) -> dict:
    html = client.get(path).content.decode()
    (data,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(data)


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("share.png", buffer.getvalue(), content_type="image/png")


def test_home_page_describes_the_charity_and_its_website(client, settings):
    data = json_ld(client, "/")
    assert data["@context"] == "https://schema.org"
    organisation, website = data["@graph"]
    assert organisation["@type"] == "Organization"
    assert organisation["name"] == settings.SITE_NAME
    assert organisation["url"] == settings.SITE_URL
    assert re.fullmatch(rf"{settings.SITE_URL}/static/img/og-default.*\.png", organisation["logo"])
    assert website["@type"] == "WebSite"
    assert website["url"] == settings.SITE_URL + "/"
    assert website["publisher"] == {"@id": organisation["@id"]}
    search = website["potentialAction"]
    assert (
        search["target"]["urlTemplate"] == f"{settings.SITE_URL}/search/?q={{search_term_string}}"
    )
    assert search["query-input"] == "required name=search_term_string"


def test_report_and_article_carry_the_site_image_when_they_have_none(client, settings):
    report = PublicationFactory(kind=Publication.Kind.REPORT)
    campaign = CampaignFactory()
    for item, kind in [(report, "Report"), (campaign, "Article")]:
        data = json_ld(client, item.get_absolute_url())
        assert data["@type"] == kind
        assert re.fullmatch(rf"{settings.SITE_URL}/static/img/og-default.*\.png", data["image"])


def test_an_item_with_its_own_social_image_carries_it(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    briefing = PublicationFactory(kind=Publication.Kind.BRIEFING, social_image=png())
    data = json_ld(client, briefing.get_absolute_url())
    assert data["@type"] == "Article"
    assert data["image"] == settings.SITE_URL + briefing.social_image.url
    html = client.get(briefing.get_absolute_url()).content.decode()
    assert f'<meta property="og:image" content="{data["image"]}">' in html
