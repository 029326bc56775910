"""Schemathesis against the OpenAPI schema: every answer of the public and the members' API,
for generated (and deliberately odd) input, matches the schema and is never a 500."""

import json

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings

from cja_site.models import User

pytestmark = pytest.mark.django_db


def load_schema():
    """The schema /api/schema/ serves, made without a request (no database at collection)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()
SESSION_COOKIE = django_settings.SESSION_COOKIE_NAME
PLACEHOLDER = "member-session"
MEMBER_EMAIL = "demo-practitioner@example.org"
CLIENT = {"REMOTE_ADDR": "127.0.0.1"}  # allauth's user sessions need the client's address
# Derandomised, so that CI runs the same examples every time; vary --hypothesis-seed to explore.
EXAMPLES = settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(autouse=True)
def no_throttling(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: the requests run inside the test's transaction, so the
    end of a request must not close the database connection."""
    signals = [request_started, request_finished]
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def member_session(demo_content):

    client = Client()
    client.force_login(User.objects.get(email=MEMBER_EMAIL))
    return client.cookies[SESSION_COOKIE].value


@schema.auth(refresh_interval=None).apply_to(path_regex=r"^/api/v1/members/")
class MemberSession:
    """Marks where the member's session goes; each test puts its own (real) one there, as the
    database and its sessions are rolled back after every test."""

    def get(self, case, context):
        return PLACEHOLDER

    def set(self, case, data, context):
        case.cookies = {**(case.cookies or {}), SESSION_COOKIE: data}


@schema.include(path_regex=r"^/api/v1/(?!members/)").parametrize()
@EXAMPLES
def test_public_api(case, demo_content):
    case.call_and_validate(environ_base=CLIENT)


@schema.include(path_regex=r"^/api/v1/members/").parametrize()
@EXAMPLES
def test_members_api(case, member_session):
    if (case.cookies or {}).get(SESSION_COOKIE) == PLACEHOLDER:
        case.cookies[SESSION_COOKIE] = member_session
    case.call_and_validate(environ_base=CLIENT)
