import datetime

import pytest
import yaml
from django.utils import timezone

from publications.models import Publication
from publishing.models import Status
from tests.campaigns.factories import CampaignFactory, MilestoneFactory
from tests.factories import TopicFactory
from tests.publications.factories import PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def slugs(response) -> list[str]:
    assert response.status_code == 200
    return [item["slug"] for item in response.json()["results"]]


def test_publications_list_only_public_items(client):
    PublicationFactory(slug="public")
    PublicationFactory(slug="draft", status=Status.DRAFT)
    PublicationFactory(slug="later", publish_at=timezone.now() + datetime.timedelta(hours=1))
    assert slugs(client.get("/api/v1/publications/")) == ["public"]
    assert client.get("/api/v1/publications/draft/").status_code == 404
    assert client.get("/api/v1/publications/later/").status_code == 404


def test_campaigns_list_only_public_items(client):
    CampaignFactory(slug="public")
    CampaignFactory(slug="draft", status=Status.DRAFT)
    assert slugs(client.get("/api/v1/campaigns/")) == ["public"]
    assert client.get("/api/v1/campaigns/draft/").status_code == 404


def test_publication_detail_has_attachments_consultation_and_public_campaigns(client, settings):
    publication = PublicationFactory(
        slug="response", kind=Publication.Kind.CONSULTATION_RESPONSE,
        consultation_name="Victims' Bill", consultation_department="Ministry of Justice",
    )  # fmt: skip
    CampaignFactory(slug="public-campaign", related_publications=[publication])
    CampaignFactory(slug="draft-campaign", status=Status.DRAFT, related_publications=[publication])
    data = client.get("/api/v1/publications/response/").json()
    assert data["consultation"]["name"] == "Victims' Bill"
    assert data["related_campaigns"] == ["public-campaign"]
    assert data["url"] == f"{settings.SITE_URL}/publications/response/"


def test_campaign_milestones_never_link_to_unpublished_publications(client):
    campaign = CampaignFactory(slug="plan")
    MilestoneFactory(campaign=campaign, publication=PublicationFactory(slug="out"))
    MilestoneFactory(campaign=campaign, publication=PublicationFactory(status=Status.DRAFT))
    milestones = client.get("/api/v1/campaigns/plan/").json()["milestones"]
    assert [m["publication"] for m in milestones] == ["out", None]


def test_publication_filters(client):
    topic = TopicFactory(slug="prisons")
    series = SeriesFactory(slug="rr")
    PublicationFactory(
        slug="a", kind=Publication.Kind.REPORT, published_on=datetime.date(2016, 1, 1)
    )
    PublicationFactory(
        slug="b", topics=[topic], series=series, published_on=datetime.date(2022, 1, 1)
    )
    assert slugs(client.get("/api/v1/publications/?kind=report")) == ["a"]
    assert slugs(client.get("/api/v1/publications/?topic=prisons")) == ["b"]
    assert slugs(client.get("/api/v1/publications/?series=rr")) == ["b"]
    assert slugs(client.get("/api/v1/publications/?year=2016")) == ["a"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/publications/?kind=poem", "kind"),
        ("/api/v1/publications/?kind=", "kind"),
        ("/api/v1/publications/?year=soon", "year"),
        ("/api/v1/publications/?year=%C2%B2%C2%B9%C2%B2%C2%B3", "year"),  # ²¹²³: isdigit()
        ("/api/v1/publications/?year=-4294967295", "year"),
        ("/api/v1/publications/?topic=a%00", "topic"),
        ("/api/v1/publications/?series=a%00", "series"),
        ("/api/v1/publications/?page=", "page"),
        ("/api/v1/campaigns/?state=x", "state"),
        ("/api/v1/campaigns/?topic=a%00", "topic"),
        ("/api/v1/topics/?page=%C2%B2", "page"),
    ],
)
def test_bad_filters_are_a_clear_400(client, path, field):
    response = client.get(path)
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/topics/a%00/",
        "/api/v1/series/a%00/",
        "/api/v1/publications/a%00/",
        "/api/v1/campaigns/a.b/",
        "/api/v1/members/meetings/-1/",
    ],
)
def test_malformed_addresses_are_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_schema_documents_bounds_nulls_and_error_statuses(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    publications = schema["paths"]["/api/v1/publications/"]["get"]
    year = next(p for p in publications["parameters"] if p["name"] == "year")["schema"]
    assert (year["minimum"], year["maximum"]) == (1900, 2100)
    assert {"200", "400", "404", "429"} <= set(publications["responses"])
    assert "404" in schema["paths"]["/api/v1/topics/{slug}/"]["get"]["responses"]
    rsvp = schema["paths"]["/api/v1/members/meetings/{id}/rsvp/"]["post"]["responses"]
    assert {"200", "400", "403", "404", "409"} <= set(rsvp)
    components = schema["components"]["schemas"]
    assert components["PublicationSummary"]["properties"]["series"]["nullable"] is True
    consultation = components["Consultation"]["properties"]["government_response_url"]
    assert consultation["nullable"] is True


def test_blank_links_are_null_not_empty_strings(client):
    PublicationFactory(slug="response", kind=Publication.Kind.CONSULTATION_RESPONSE)
    data = client.get("/api/v1/publications/response/").json()
    assert data["series"] is None
    assert data["consultation"]["government_response_url"] is None
    assert data["consultation"]["url"] is None


def test_topics_and_series_are_listed(client):
    TopicFactory(slug="victims", name="Victims")
    SeriesFactory(slug="rr", title="Responding Restoratively")
    assert slugs(client.get("/api/v1/topics/")) == ["victims"]
    assert slugs(client.get("/api/v1/series/")) == ["rr"]


def test_the_api_is_read_only(client):
    PublicationFactory(slug="public")
    assert client.post("/api/v1/publications/", {}).status_code in (403, 405)
    assert client.delete("/api/v1/publications/public/").status_code in (403, 405)


def test_list_query_count_is_constant(client, django_assert_num_queries):
    topics = [TopicFactory(), TopicFactory()]
    for count in (3, 30):
        for _ in range(count):
            PublicationFactory(topics=topics)
            CampaignFactory(topics=topics)
        # count, page, topics; and, first after a change, when the next scheduled change is due
        # (it sets the answer's max-age, and is remembered until the next change)
        with django_assert_num_queries(4):
            client.get("/api/v1/publications/")
        with django_assert_num_queries(3):
            client.get("/api/v1/campaigns/")


def test_schema_is_openapi_3_and_docs_are_served_offline(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/publications/" in schema["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "https://" not in html.split("<body>")[0]  # nothing fetched from elsewhere


def test_anonymous_api_use_is_throttled(client, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": None})
    assert client.get("/api/v1/topics/").status_code == 200
    assert client.get("/api/v1/topics/").status_code == 200
    response = client.get("/api/v1/topics/")
    assert response.status_code == 429
    assert "Retry-After" in response
