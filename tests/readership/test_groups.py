"""Readership by campaign and by topic: a campaign's page, its publications and their
documents added up; visitors estimated over them together; clicks from the update emails that
were about it; small numbers hidden there too."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from readership import selectors
from readership.services import readership_rollup
from tests.campaigns.factories import CampaignFactory, MilestoneFactory
from tests.factories import TopicFactory, staff_user
from tests.publications.factories import AttachmentFactory, PublicationFactory

from .test_counting import today_params, visitor

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

REPORT = "/admin/readership/readcount/"


def report(**params):
    client = Client()
    client.force_login(staff_user())
    return client.get(REPORT, params)


def group_row(html: str, name: str) -> list[str]:
    match = re.search(
        rf'<th scope="row"><a href="[^"]*">{re.escape(name)}</a></th>(.*?)</tr>', html, re.S
    )
    assert match, f"no row for {name}"
    return re.findall(r"<td>(.*?)</td>", match.group(1))


@pytest.fixture
def content():
    prisons = TopicFactory(name="Prisons")
    campaign = CampaignFactory(title="Prisons campaign", topics=[prisons])
    report_ = PublicationFactory(title="Restorative prisons")
    campaign.related_publications.add(report_)
    attachment = AttachmentFactory(publication=report_)
    briefing = PublicationFactory(title="A briefing", topics=[prisons])
    MilestoneFactory(campaign=campaign, publication=PublicationFactory(title="Evidence"))
    unrelated = PublicationFactory(title="Elsewhere")
    return prisons, campaign, report_, attachment, briefing, unrelated


def test_a_campaign_adds_up_its_page_its_publications_and_their_documents(
    readership_redis, content
):
    prisons, campaign, report_, attachment, briefing, unrelated = content
    for n in range(1, 4):
        visitor(n).get(campaign.get_absolute_url())
    for n in range(1, 5):
        visitor(n).get(report_.get_absolute_url())
    for n in range(1, 3):
        response = visitor(n).get(attachment.get_absolute_url())
        b"".join(response.streaming_content)
    about = f"campaign:{campaign.pk},topic:{prisons.pk}"
    visitor(5).get(f"{briefing.get_absolute_url()}?src=update&about={about}")
    visitor(6).get(unrelated.get_absolute_url())
    readership_rollup(day=timezone.localdate())

    response = report(by="campaign", **today_params())
    assert response.status_code == 200
    html = response.content.decode()
    views, visitors, downloads, _feeds, _api, from_emails, sources = group_row(
        html, "Prisons campaign"
    )
    assert (views, downloads) == ("7", "2")
    # Four people in all, not 3 + 4 + 2: estimated over the campaign's addresses together.
    assert visitors == "4"
    # The click from an email about the campaign counts for it, wherever it landed.
    assert from_emails == "1"
    assert "Direct (no referrer): 9" in sources
    assert 'role="img"' in html and "Bar chart of views by campaign" in html
    assert "Prisons campaign: 7 views" in html  # the chart's text alternative

    topic = report(by="topic", **today_params()).content.decode()
    views, *_, from_emails, sources = group_row(topic, "Prisons")
    # The campaign's page and the briefing carry the topic; the campaign's report does not.
    assert (views, from_emails) == ("4", "1")
    assert "Email updates: 1" in sources

    csv = report(by="campaign", download="csv", **today_params()).content.decode()
    assert "Prisons campaign,7,4,2,0,0,1," in csv


def test_one_campaign_day_by_day_and_address_by_address(readership_redis, content):
    _, campaign, report_, *_ = content
    visitor(1).get(campaign.get_absolute_url())
    visitor(2).get(report_.get_absolute_url())
    readership_rollup(day=timezone.localdate())

    html = report(by="campaign", group=campaign.pk, **today_params()).content.decode()
    assert "Bar chart of views per day of Prisons campaign" in html
    assert "What was read of Prisons campaign" in html
    for path in (campaign.get_absolute_url(), report_.get_absolute_url()):
        assert f">{path}</a>" in html

    assert report(by="campaign", group=999999, **today_params()).status_code == 400
    assert report(by="nonsense", **today_params()).status_code == 400


def test_small_numbers_are_hidden_by_campaign_too(readership_redis, content, monkeypatch):
    _, campaign, *_ = content
    monkeypatch.setattr(selectors, "protected_paths", lambda: (campaign.get_absolute_url(),))
    for n in range(1, 4):
        visitor(n).get(campaign.get_absolute_url())
    readership_rollup(day=timezone.localdate())

    html = report(by="campaign", **today_params()).content.decode()
    assert group_row(html, "Prisons campaign")[:2] == ["fewer than 10", "fewer than 10"]
    assert "Prisons campaign: fewer than 10 views" in html
    drilled = report(by="campaign", group=campaign.pk, **today_params()).content.decode()
    assert "fewer than 10 views in all" in drilled
    csv = report(by="campaign", download="csv", **today_params()).content.decode()
    assert "Prisons campaign,fewer than 10,fewer than 10," in csv
