"""Every endpoint of the Open Referral API, as the official schemas judge it: each GET path of
the HSDS 3.0 and the Open Referral UK 3.0 OpenAPI documents is asked, and its answer validated
against that path's 200 response schema (JSON Schema 2020-12, formats checked), over the demo
directory's demo content, whose services between them fill every field it publishes."""

import json
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory import demo
from directory.api import OrukServiceSerializer

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_content():
    """The directory's part of the demo (the rest of the site's is not needed here)."""
    demo.load()


SCHEMAS = Path(__file__).parent / "schemas"
API = "/api/v1/directory"
SPECS = {
    # folder: the address its openapi.json gives for the schemas it refers to
    "hsds-3.0": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/",
    "oruk-3.0": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/",
}
OPENAPI = "urn:openapi"


def _resource(path: Path) -> Resource:
    return Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012)


@cache
def registry_for(folder: str) -> Registry:
    """The spec's files under the addresses its OpenAPI document uses. A record schema stands
    for its compiled form when the compiled one is not committed (HSDS's full service and
    organization, compiled from these very files)."""
    base, root = SPECS[folder], SCHEMAS / folder / "schema"
    resources = {}
    for path in root.glob("*.json"):
        resources[base + path.name] = _resource(path)
        resources[base + "compiled/" + path.name] = _resource(path)
    for path in (root / "compiled").glob("*.json"):
        resources[base + "compiled/" + path.name] = _resource(path)
    resources[OPENAPI] = _resource(root / "openapi.json")
    return Registry().with_resources(resources.items())


def get_paths(folder: str) -> list[str]:
    document = json.loads((SCHEMAS / folder / "schema" / "openapi.json").read_text())
    return [path for path, item in document["paths"].items() if "get" in item]


def response_validator(registry: Registry, path: str) -> Draft202012Validator:
    pointer = path.replace("~", "~0").replace("/", "~1")
    schema = {
        "$ref": f"{OPENAPI}#/paths/{pointer}/get/responses/200/content/application~1json/schema"
    }
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def first_id(client, collection: str) -> str | None:
    contents = client.get(f"{API}/{collection}").json()["contents"]
    return contents[0]["id"] if contents else None


CASES = [(folder, path) for folder in SPECS for path in get_paths(folder)]


@pytest.mark.parametrize(("folder", "path"), CASES, ids=[f"{f}:{p}" for f, p in CASES])
def test_every_endpoint_meets_the_official_schema(demo_content, client, folder, path):
    url = API + path.rstrip("/")
    if "{id}" in path:
        collection = path.split("/")[1]
        record_id = first_id(client, collection)
        if record_id is None:
            # No service has a public address, so there is no service at a location to ask for.
            assert collection == "service_at_locations"
            return
        url = url.replace("{id}", record_id)
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    body = response.json()
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in response_validator(registry_for(folder), path).iter_errors(body)
    ]
    assert errors == [], url
    if path == "/services":
        assert body["total_items"] >= 5 and body["contents"]


def test_the_demo_fills_every_field_the_directory_publishes(demo_content, client):
    """So that the schema test above sees each of them at least once."""
    services = client.get(f"{API}/services?per_page=100").json()["contents"]
    seen = set().union(*(service.keys() for service in services))
    assert seen == set(OrukServiceSerializer().fields)
    languages = [language for service in services for language in service["languages"]]
    assert {"en", "cy", "bfi"} <= {language["code"] for language in languages}
    assert any(service["contacts"][0].get("email") for service in services)


def test_the_schemas_refuse_what_the_api_used_to_answer(client, demo_content):
    """Nulls where a field should be left out, and a taxonomy term with no name: the test above
    would catch them."""
    service = client.get(f"{API}/services").json()["contents"][0]
    term = {"id": service["id"], "code": "serves:both"}
    broken = {
        **service,
        "minimum_age": None,
        "accreditations": None,
        "languages": [{"id": service["id"], "name": "British Sign Language", "code": None}],
        "attributes": [{"id": service["id"], "taxonomy_term": term}],
    }
    refused = {"hsds-3.0": {"minimum_age", "accreditations", "languages", "attributes"},
               "oruk-3.0": {"minimum_age", "accreditations", "attributes"}}  # fmt: skip
    for folder, fields in refused.items():
        validator = response_validator(registry_for(folder), "/services/{id}")
        assert {error.absolute_path[0] for error in validator.iter_errors(broken)} == fields
