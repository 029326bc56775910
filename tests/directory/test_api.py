"""The directory in Open Referral UK's shape (HSDS 3 services), public entries only."""

import datetime
import uuid

import pytest
import yaml
from django.utils import timezone

from directory.models import Area, Service
from publishing.models import Status
from tests.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/directory"
URL = f"{API}/services"


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
    body = client.get(f"{URL}/{service.uuid}").json()
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
            "service_id": str(service.uuid),
            "name": "West Yorkshire",
            "description": "Police force area E23000010",
            "uri": "http://statistics.data.gov.uk/id/statistical-geography/E23000010",
        }
    ]
    assert [(lang["name"], lang["code"]) for lang in body["languages"]] == [
        ("English", "en"), ("Welsh", "cy"), ("British Sign Language", "bfi"),
    ]  # fmt: skip
    assert body["funding"][0]["source"] == "The PCC"
    assert "minimum_age" not in body and "maximum_age" not in body  # adults and young people
    assert body["interpretation_services"] == "British Sign Language"
    assert body["last_modified"].startswith(str(service.updated_at.year))
    assert body["application_process"] == "Referral by: self-referral."
    for attribute in body["attributes"]:
        assert attribute["taxonomy_term"]["name"] and attribute["taxonomy_term"]["description"]
    codes = {attribute["taxonomy_term"]["code"] for attribute in body["attributes"]}
    assert {"serves:both", "stage:in prison", "referral:self-referral"} <= codes
    for item in [body, body["organization"], *body["service_areas"], *body["attributes"]]:
        uuid.UUID(item["id"])
    # The same ids on every request.
    assert client.get(f"{URL}/{service.uuid}").json() == body


def test_a_national_service_covers_england_and_wales(client):
    service = ServiceFactory(national=True)
    areas = client.get(f"{URL}/{service.uuid}").json()["service_areas"]
    assert [area["uri"] for area in areas] == [
        "http://statistics.data.gov.uk/id/statistical-geography/K04000001"
    ]


@pytest.mark.parametrize(
    "lookup", ["nonsense", "%00", str(uuid.uuid4())], ids=["nonsense", "nul", "unknown-uuid"]
)
def test_an_unknown_or_malformed_id_is_a_json_404(client, lookup):
    response = client.get(f"{URL}/{lookup}")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_draft_is_not_served_by_id(client):
    draft = ServiceFactory(status=Status.DRAFT)
    assert client.get(f"{URL}/{draft.uuid}").status_code == 404


def test_the_openapi_schema_documents_the_endpoint(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    for path in ["/", "/services", "/services/{id}", "/taxonomies", "/taxonomy_terms",
                 "/organizations", "/service_at_locations"]:  # fmt: skip
        assert API + path in schema["paths"], path
    parameters = {p["name"] for p in schema["paths"][f"{API}/services"]["get"]["parameters"]}
    assert {"page", "per_page", "search", "taxonomy_term_id", "postcode", "modified_after"} <= (
        parameters
    )
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


def test_the_root_says_which_version_and_profile_it_meets(client):
    for url in [API, f"{API}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.json() == {
            "version": "3.0",
            "profile": "https://github.com/openreferral/uk-profile",
            "openapi_url": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json",
        }
        assert response["Access-Control-Allow-Origin"] == "*"


def test_the_spec_paths_answer_without_a_redirect_and_the_old_ones_move(client):
    service = ServiceFactory()
    for path in ["services", f"services/{service.uuid}", "taxonomies", "taxonomy_terms",
                 "organizations", "service_at_locations"]:  # fmt: skip
        assert client.get(f"{API}/{path}").status_code == 200, path
    old = client.get(f"{API}/services/?per_page=1")
    assert old.status_code == 301 and old["Location"] == f"{URL}?per_page=1"
    assert client.get(f"{API}/services/{service.uuid}/")["Location"] == f"{URL}/{service.uuid}"


def test_a_service_without_the_optional_values_leaves_them_out(client):
    service = ServiceFactory(email="", phone="", languages="Tigrinya", young_people=False,
                             rjc_registered_until=None, last_checked=None)  # fmt: skip
    body = client.get(f"{URL}/{service.uuid}").json()
    for field in ["email", "interpretation_services", "maximum_age", "accreditations",
                  "assured_date", "application_process"]:  # fmt: skip
        assert field not in body, field
    assert body["minimum_age"] == 18
    assert body["languages"][0]["name"] == "Tigrinya" and "code" not in body["languages"][0]
    assert "null" not in client.get(f"{URL}/{service.uuid}").content.decode()


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [record["name"] for record in response.json()["contents"]]


def test_per_page_and_page(client):
    for number in range(3):
        ServiceFactory(title=f"Service {number}")
    body = client.get(f"{URL}?per_page=2&page=2").json()
    assert body["total_items"] == 3 and body["total_pages"] == 2 and body["page_number"] == 2
    assert [service["name"] for service in body["contents"]] == ["Service 2"]
    assert body["last_page"] and not body["first_page"]


@pytest.mark.parametrize("value", ["0", "101", "ten", "-1", ""])
def test_a_per_page_out_of_range_is_a_400_naming_it(client, value):
    response = client.get(f"{URL}?per_page={value}")
    assert response.status_code == 400
    assert list(response.json()) == ["per_page"]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("day=monday", "day"),
        ("start_time=09:00", "start_time"),
        ("proximity=1000", "proximity"),
        ("minimal=true", "minimal"),
        ("colour=blue", "colour"),
        ("format=ndjson", "format"),
        ("taxonomy_term_id=serves", "taxonomy_term_id"),
        ("modified_after=yesterday", "modified_after"),
        ("minimum_age=old", "minimum_age"),
    ],
)
def test_an_unsupported_or_malformed_parameter_is_a_400_naming_it(client, query, named):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [named]
    assert response.json()[named][0]


def test_search_matches_every_word(client):
    ServiceFactory(title="Leeds Repair", organisation="Yorkshire Trust")
    ServiceFactory(title="Leeds Talks")
    assert names(client.get(f"{URL}?search=leeds yorkshire")) == ["Leeds Repair"]
    assert names(client.get(f"{URL}?search=LEEDS")) == ["Leeds Repair", "Leeds Talks"]


def test_taxonomy_term_id_keeps_the_services_with_that_term(client):
    ServiceFactory(title="In prison", stage_in_prison=True)
    ServiceFactory(title="Outside")
    terms = client.get(f"{API}/taxonomy_terms?per_page=100").json()["contents"]
    prison = next(term for term in terms if term["code"] == "stage:in prison")
    assert names(client.get(f"{URL}?taxonomy_term_id={prison['id']}")) == ["In prison"]
    assert names(client.get(f"{URL}?taxonomy_term_id={uuid.uuid4()}")) == []
    assert client.get(f"{API}/taxonomy_terms/{prison['id']}").json() == prison
    taxonomy = client.get(f"{API}/taxonomies").json()["contents"][0]
    assert prison["taxonomy_id"] == taxonomy["id"]
    assert len(names(client.get(f"{URL}?taxonomy_id={taxonomy['id']}"))) == 2


def test_organization_id_and_the_organizations(client):
    ServiceFactory(title="One", organisation="Trust A")
    ServiceFactory(title="Two", organisation="Trust B")
    ServiceFactory(title="Hidden", organisation="Trust C", status=Status.DRAFT)
    organisations = client.get(f"{API}/organizations").json()["contents"]
    assert [organisation["name"] for organisation in organisations] == ["Trust A", "Trust B"]
    trust_b = organisations[1]
    assert names(client.get(f"{URL}?organization_id={trust_b['id']}")) == ["Two"]
    assert client.get(f"{API}/organizations/{trust_b['id']}").json() == trust_b
    assert (
        client.get(f"{URL}?organization_id={trust_b['id']}").json()["contents"][0][
            "organization_id"
        ]
        == trust_b["id"]
    )


def test_ages(client):
    ServiceFactory(title="Adults")
    ServiceFactory(title="Youth", adults=False, young_people=True)
    ServiceFactory(title="All ages", young_people=True)
    assert names(client.get(f"{URL}?minimum_age=18")) == ["Adults"]
    assert names(client.get(f"{URL}?minimum_age=19")) == []
    assert names(client.get(f"{URL}?maximum_age=17")) == ["Youth"]
    assert names(client.get(f"{URL}?maximum_age=16")) == []


def test_modified_after(client):
    old = ServiceFactory(title="Old")
    Service.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=9))
    ServiceFactory(title="New")
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert names(client.get(f"{URL}", {"modified_after": since})) == ["New"]


@pytest.mark.parametrize(
    ("postcode", "expected"),
    [
        ("SW1A 1AA", ["Met", "National"]),
        ("ls11ur", ["Leeds", "National"]),
        ("EH1 1YZ", []),  # Scotland: no service here covers it
    ],
)
def test_postcode_keeps_the_services_covering_its_area(client, postcodes, postcode, expected):
    ServiceFactory(title="Met", areas=[Area.objects.get(gss_code="E23000001")])
    ServiceFactory(title="Leeds", areas=[Area.objects.get(gss_code="E23000010")])
    ServiceFactory(title="National", national=True)
    response = client.get(URL, {"postcode": postcode})
    assert names(response) == expected
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize("postcode", ["ZZ9 9ZZ", "LS1 9ZZ"])  # unknown; no longer used
def test_a_postcode_with_no_area_here_finds_nothing(client, postcodes, postcode):
    ServiceFactory(title="National", national=True)
    assert names(client.get(URL, {"postcode": postcode})) == []


@pytest.mark.parametrize("postcode", ["not one", "LS1", "LS1 1UR\n", "LS1-1UR"])
def test_a_malformed_postcode_is_a_400_that_does_not_repeat_it(client, postcode):
    response = client.get(URL, {"postcode": postcode})
    assert response.status_code == 400
    assert list(response.json()) == ["postcode"]
    assert postcode.strip() not in response.content.decode()


def test_service_at_locations_is_empty_and_checks_its_filters(client):
    ServiceFactory()
    assert client.get(f"{API}/service_at_locations").json()["contents"] == []
    assert client.get(f"{API}/service_at_locations?per_page=0").status_code == 400
    assert client.get(f"{API}/service_at_locations/{uuid.uuid4()}").status_code == 404


def test_taxonomy_terms_filters(client):
    terms = client.get(f"{API}/taxonomy_terms?per_page=100").json()["contents"]
    assert len(names(client.get(f"{API}/taxonomy_terms?top_only=true&per_page=100"))) == len(terms)
    assert names(client.get(f"{API}/taxonomy_terms?parent_id={terms[0]['id']}")) == []
    assert names(client.get(f"{API}/taxonomy_terms?taxonomy_id={uuid.uuid4()}")) == []
    assert names(client.get(f"{API}/taxonomy_terms?search=prison")) == ["in prison", "prison"]
    assert client.get(f"{API}/taxonomy_terms?parent_id=nope").status_code == 400
    assert client.get(f"{API}/taxonomies?search={'x' * 201}").status_code == 400


def test_a_postcode_query_costs_the_same_however_many_services(client, postcodes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    met = Area.objects.get(gss_code="E23000001")

    def count(services):
        for _ in range(services):
            ServiceFactory(areas=[met])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"postcode": "SW1A 1AA"}).status_code == 200
        return len(captured)

    assert count(1) == count(4)
