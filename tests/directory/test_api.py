"""The directory in Open Referral UK's shape (HSDS 3 services), public entries only."""

import uuid

import pytest
import yaml

from directory.models import Area
from publishing.models import Status
from tests.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/directory/services/"


def test_lists_only_public_services_in_the_hsds_page_shape(client):
    ServiceFactory(title="Public")
    ServiceFactory(title="Draft", status=Status.DRAFT)
    body = client.get(URL).json()
    assert body["total_items"] == 1 and body["first_page"] and body["last_page"]
    assert [service["name"] for service in body["contents"]] == ["Public"]


def test_a_service_has_the_fields_open_referral_names(client, settings):
    settings.SITE_URL = "https://www.example.org.uk"
    service = ServiceFactory(
        title="Leeds Repair", organisation="Leeds Trust", phone="01632 960001",
        email="hello@example.org", languages="English, Welsh", bsl=True, funder="The PCC",
        young_people=True, stage_in_prison=True, referral_self=True,
        areas=[Area.objects.get(gss_code="E23000010")],
    )  # fmt: skip
    body = client.get(f"{URL}{service.uuid}/").json()
    assert body["id"] == str(service.uuid)
    assert body["name"] == "Leeds Repair"
    assert body["description"] == "What it offers."
    assert body["status"] == "active"
    assert body["email"] == "hello@example.org"
    assert body["assured_date"] == service.last_checked.isoformat()
    assert body["organization"]["name"] == "Leeds Trust"
    assert body["phones"][0]["number"] == "01632 960001"
    assert body["contacts"][0]["email"] == "hello@example.org"
    assert body["service_areas"] == [
        {
            "id": body["service_areas"][0]["id"],
            "name": "West Yorkshire",
            "description": "Police force area E23000010",
            "uri": "http://statistics.data.gov.uk/id/statistical-geography/E23000010",
        }
    ]
    assert [(lang["name"], lang["code"]) for lang in body["languages"]] == [
        ("English", "en"), ("Welsh", "cy"), ("British Sign Language", None),
    ]  # fmt: skip
    assert body["funding"][0]["source"] == "The PCC"
    assert body["minimum_age"] is None
    assert body["application_process"] == "Referral by: self-referral."
    codes = {attribute["taxonomy_term"]["code"] for attribute in body["attributes"]}
    assert {"serves:both", "stage:in prison", "referral:self-referral"} <= codes
    for item in [body, body["organization"], *body["service_areas"], *body["attributes"]]:
        uuid.UUID(item["id"])
    # The same ids on every request.
    assert client.get(f"{URL}{service.uuid}/").json() == body


def test_a_national_service_covers_england_and_wales(client):
    service = ServiceFactory(national=True)
    areas = client.get(f"{URL}{service.uuid}/").json()["service_areas"]
    assert [area["uri"] for area in areas] == [
        "http://statistics.data.gov.uk/id/statistical-geography/K04000001"
    ]


@pytest.mark.parametrize("lookup", ["nonsense", "%00", str(uuid.uuid4())])
def test_an_unknown_or_malformed_id_is_a_json_404(client, lookup):
    response = client.get(f"{URL}{lookup}/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_draft_is_not_served_by_id(client):
    draft = ServiceFactory(status=Status.DRAFT)
    assert client.get(f"{URL}{draft.uuid}/").status_code == 404


def test_the_openapi_schema_documents_the_endpoint(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    assert "/api/v1/directory/services/" in schema["paths"]
    assert "/api/v1/directory/services/{id}/" in schema["paths"]
    service = schema["components"]["schemas"]["OrukService"]["properties"]
    for field in ["organization", "service_areas", "languages", "contacts", "assured_date"]:
        assert field in service


def test_queries_do_not_grow_with_services(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(services):
        for _ in range(services):
            ServiceFactory(areas=list(Area.objects.all()[:3]))
        with CaptureQueriesContext(connection) as captured:
            client.get(URL)
        return len(captured)

    assert count(1) == count(4)
