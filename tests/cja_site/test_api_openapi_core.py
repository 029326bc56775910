"""Every operation's real answers, good and bad, checked against the schema by openapi-core, a
strict OpenAPI 3.0 validator (nullable only with a type, every status documented, no extra
content types): what a client generated from /api/schema/ would accept."""

import json

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from rest_framework.throttling import AnonRateThrottle

from cja_site.models import User

pytestmark = pytest.mark.django_db

MEMBER_EMAIL = "demo-practitioner@example.org"
HOST = "http://testserver"
# Bodies for the operations that take one: a valid one, and one the API must refuse.
BODIES = {
    "v1_members_meetings_rsvp_create": ({"response": "attending"}, {"response": "perhaps"}),
}


def the_schema() -> dict:
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


SCHEMA = the_schema()
OPERATIONS = [
    (method, path, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
]


@pytest.fixture
def clients(demo_content):
    member = Client()
    member.force_login(User.objects.get(email=MEMBER_EMAIL))
    return {"anonymous": Client(), "member": member}


def members_only(path: str) -> bool:
    return path.startswith("/api/v1/members/")


def path_parameters(operation) -> list[dict]:
    return [p for p in operation.get("parameters", []) if p["in"] == "path"]


def list_path(path: str) -> str:
    """The list an item's path hangs from: /api/v1/series/{slug}/ → /api/v1/series/, and
    /api/v1/directory/services/{id} → /api/v1/directory/services (Open Referral's own paths)."""
    start = path[: path.index("{")]
    return start if path.endswith("/") else start.rstrip("/")


# Services have no public address, so Open Referral's service-at-location list is always empty:
# only a missing item can be asked for.
ALWAYS_EMPTY = {"/api/v1/directory/service_at_locations/{id}"}


def real_value(client, path: str, name: str):
    """A path parameter's value taken from the list's first item, as a client would find it."""
    answer = client.get(list_path(path)).json()
    [items] = [value for value in answer.values() if isinstance(value, list)]
    assert items or path in ALWAYS_EMPTY, f"the demo has nothing at {list_path(path)}"
    return items[0][name] if items else None


def fill(path: str, values: dict) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def call(client, method: str, url: str, body=None):
    if method == "get":
        return client.get(url)
    return client.generic(
        method.upper(), url, json.dumps(body or {}), content_type="application/json"
    )


def check(openapi, method, path_pattern, url, response, path_values):
    """openapi-core's verdict on one real answer; raises with the reasons if it is refused."""
    path, _, query = url.partition("?")
    request = MockRequest(
        HOST,
        method,
        path,
        path_pattern=path_pattern,
        args=dict(pair.split("=", 1) for pair in query.split("&") if pair),
        view_args={name: str(value) for name, value in path_values.items()},
    )
    answer = MockResponse(
        response.content,
        status_code=response.status_code,
        headers=dict(response.headers),
        content_type=response.headers.get("Content-Type", "").split(";")[0],
    )
    openapi.validate_response(request, answer)


def bad_query_values(operation) -> dict:
    """A value the API must refuse for each query parameter that has a format to break."""
    values = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "query":
            continue
        schema = parameter["schema"]
        if schema.get("type") == "integer" and parameter["name"] != "page":
            values[parameter["name"]] = "not-a-number"
        elif "enum" in schema or "$ref" in schema:
            values[parameter["name"]] = "no-such-choice"
        elif schema.get("pattern"):
            values[parameter["name"]] = "not a slug"
    return values


def calls_for(method, path, operation, clients):
    """(client, url, body, statuses it may answer) for the operation's good and bad calls."""
    own = clients["member"] if members_only(path) else clients["anonymous"]
    params = path_parameters(operation)
    values = {p["name"]: real_value(own, path, p["name"]) for p in params}
    good_body, bad_body = BODIES.get(operation["operationId"], (None, None))
    if method != "get":
        assert good_body is not None, f"add example bodies for {operation['operationId']}"
    url = fill(path, values)
    if None not in values.values():
        yield own, url, values, good_body, {200, 201}
    if members_only(path):
        yield clients["anonymous"], url, values, good_body, {403}
    if params:
        missing = {p["name"]: 999999 if p["schema"]["type"] == "integer" else "no-such-item"
                   for p in params}  # fmt: skip
        yield own, fill(path, missing), missing, good_body, {404}
    elif any(p["name"] == "page" for p in operation.get("parameters", [])):
        yield own, f"{url}?page=9999", values, None, {404}
        for name, value in bad_query_values(operation).items():
            yield own, f"{url}?{name}={value}", values, None, {400}
    if bad_body is not None:
        yield own, url, values, bad_body, {400}


@pytest.mark.parametrize(
    ("method", "path"), [(method, path) for method, path, _ in OPERATIONS], ids=str
)
def test_every_answer_of_every_operation_validates(method, path, clients):
    openapi = OpenAPI.from_dict(SCHEMA)  # the schema itself is checked first
    operation = SCHEMA["paths"][path][method]
    seen = []
    for client, url, values, body, expected in calls_for(method, path, operation, clients):
        response = call(client, method, url, body)
        assert response.status_code in expected, (url, response.status_code, response.content)
        check(openapi, method, path, url, response, values)
        seen.append(response.status_code)
    assert 200 in seen or 201 in seen or path in ALWAYS_EMPTY


def test_a_null_consultation_matches_the_schema(clients):
    """The case a strict validator caught: `"consultation": null` on a publication that is not
    a consultation response, and the object on one that is."""
    openapi = OpenAPI.from_dict(SCHEMA)
    answers = clients["anonymous"].get("/api/v1/publications/?page_size=100").json()["results"]
    by_kind = {}
    for summary in answers:
        by_kind.setdefault(summary["kind"] == "consultation-response", summary["slug"])
    assert set(by_kind) == {True, False}, "the demo needs both kinds"
    for slug in by_kind.values():
        url = f"/api/v1/publications/{slug}/"
        response = clients["anonymous"].get(url)
        check(openapi, "get", "/api/v1/publications/{slug}/", url, response, {"slug": slug})


def test_a_throttled_answer_matches_the_schema(monkeypatch, demo_content):
    # DRF reads the rates when the class is defined, so they are changed on the class.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    openapi = OpenAPI.from_dict(SCHEMA)
    client = Client()
    client.get("/api/v1/topics/")
    response = client.get("/api/v1/topics/")
    assert response.status_code == 429
    check(openapi, "get", "/api/v1/topics/", "/api/v1/topics/", response, {})


def test_every_operation_documents_what_the_servers_in_front_can_answer():
    """gunicorn refuses a request line over 4,094 bytes with 414 before Django sees it, and a
    database outage is a 503: a client must find both in the schema."""
    for method, path, operation in OPERATIONS:
        assert {"414", "503"} <= set(operation["responses"]), (method, path)
