import datetime

import pytest
from django.utils import timezone

from campaigns.models import Campaign, Milestone
from publishing.models import Status
from tests.campaigns.factories import CampaignFactory, MilestoneFactory
from tests.factories import TopicFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def test_list_puts_active_campaigns_first(client):
    CampaignFactory(title="Already won", state=Campaign.State.WON)
    CampaignFactory(title="Still going", state=Campaign.State.ACTIVE)
    CampaignFactory(title="Not yet", status=Status.DRAFT)
    html = client.get("/campaigns/").content.decode()
    assert html.index("Current campaigns") < html.index("Still going")
    assert html.index("Still going") < html.index("Past campaigns") < html.index("Already won")
    assert "Not yet" not in html


def test_detail_tells_the_story_as_a_timeline(client):
    campaign = CampaignFactory(title="A national action plan")
    response_doc = PublicationFactory(title="Our response")
    MilestoneFactory(
        campaign=campaign, date=datetime.date(2021, 9, 1), title="Amendment tabled",
        kind=Milestone.Kind.AMENDMENT_TABLED,
    )  # fmt: skip
    MilestoneFactory(
        campaign=campaign, date=datetime.date(2021, 11, 1), title="Government responds",
        link_url="https://example.org/response", link_text="Read the government's response",
    )  # fmt: skip
    MilestoneFactory(
        campaign=campaign, date=datetime.date(2022, 2, 1), title="We answer the consultation",
        publication=response_doc, link_text="Read our response",
    )  # fmt: skip
    html = client.get(campaign.get_absolute_url()).content.decode()
    assert '<ol class="timeline">' in html
    assert html.index("Amendment tabled") < html.index("Government responds")
    assert '<time datetime="2021-09-01">September 2021</time> · Amendment tabled' in html
    assert (
        'href="https://example.org/response" rel="noopener">Read the government&#x27;s response'
        in html
    )
    assert f'href="{response_doc.get_absolute_url()}">Read our response</a>' in html


def test_links_to_unpublished_publications_are_not_shown(client):
    campaign = CampaignFactory()
    draft = PublicationFactory(title="Secret draft", status=Status.DRAFT)
    campaign.related_publications.add(draft)
    MilestoneFactory(campaign=campaign, publication=draft, link_text="Read the draft")
    html = client.get(campaign.get_absolute_url()).content.decode()
    assert "Secret draft" not in html
    assert "Read the draft" not in html
    assert draft.get_absolute_url() not in html


def test_detail_has_call_to_action_and_related_publications(client):
    publication = PublicationFactory(title="A journey of learning")
    campaign = CampaignFactory(
        call_to_action_text="Write to your MP", call_to_action_url="https://example.org/mp",
        related_publications=[publication],
    )  # fmt: skip
    html = client.get(campaign.get_absolute_url()).content.decode()
    assert '<a class="button" href="https://example.org/mp">Write to your MP</a>' in html
    assert "A journey of learning" in html
    assert '<script type="application/ld+json">' in html


def test_drafts_and_scheduled_campaigns_are_404_for_visitors(client):
    draft = CampaignFactory(status=Status.DRAFT)
    later = CampaignFactory(publish_at=timezone.now() + datetime.timedelta(days=2))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(later.get_absolute_url()).status_code == 404


def test_home_page_features_campaigns_and_latest_publications(client):
    CampaignFactory(title="Featured campaign", featured=True)
    PublicationFactory(title="Latest briefing")
    PublicationFactory(title="Draft briefing", status=Status.DRAFT)
    html = client.get("/").content.decode()
    assert "Featured campaign" in html
    assert "Latest briefing" in html
    assert "Draft briefing" not in html


def make_campaigns(count: int) -> Campaign:
    topics = [TopicFactory(), TopicFactory()]
    publications = [PublicationFactory(topics=topics) for _ in range(count)]
    for _ in range(count):
        CampaignFactory(topics=topics, related_publications=publications)
    campaign = Campaign.objects.first()
    for publication in publications:
        MilestoneFactory(campaign=campaign, publication=publication)
    return campaign


@pytest.mark.parametrize("count", [3, 30])
def test_query_counts_are_constant(client, django_assert_num_queries, count):
    campaign = make_campaigns(count)
    # Campaigns, their topics; when the next scheduled item is due (then remembered).
    with django_assert_num_queries(3):
        assert client.get("/campaigns/").status_code == 200
    # The campaign, its topics, milestones (with publications), related publications; what it
    # tracks in Parliament and government (deadlines, the licence line).
    with django_assert_num_queries(5):
        assert client.get(campaign.get_absolute_url()).status_code == 200
    # Featured campaigns, latest publications with their topics.
    with django_assert_num_queries(3):
        assert client.get("/").status_code == 200
