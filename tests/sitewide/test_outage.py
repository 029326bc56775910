"""A database outage: 503 with Retry-After, cached pages still served, nothing typed is lost.

The outage is real at the driver's edge: the default connection is swapped for one to a
PostgreSQL port nobody listens on (through a pool, as in production, when the suite runs on
PostgreSQL) or to an SQLite file in a folder that does not exist, so every query fails to
connect as it would with the server stopped. The live connection, with the test's
transaction, is put back afterwards.
"""

import copy
import socket

import pytest
from django.core import mail
from django.db import connections
from django.test import Client

from contact.forms import started_token
from contact.models import ContactMessage
from sitewide.outage import RETRY_AFTER_SECONDS
from tests.factories import UserFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

TROUBLE = "Please try again in a few minutes."


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _dead_connection(live, tmp_path):
    settings_dict = copy.deepcopy(live.settings_dict)
    if live.vendor == "postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
        if settings_dict["OPTIONS"].get("pool"):
            settings_dict["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 1, "timeout": 1}
    else:
        settings_dict["NAME"] = str(tmp_path / "stopped" / "db.sqlite3")
    # Its own alias, so it gets a pool of its own rather than the live one.
    return live.__class__(settings_dict, alias="outage")


@pytest.fixture
def database_down(tmp_path):
    live = connections["default"]
    dead = _dead_connection(live, tmp_path)

    class Outage:
        def __enter__(self):
            connections["default"] = dead

        def __exit__(self, *exc_info):
            connections["default"] = live
            dead.close()
            if getattr(dead, "pool", None):
                dead.close_pool()

    return Outage()


@pytest.fixture
def visitor():
    # A browser sees the response, not the exception the test client would re-raise.
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def contact_settings(settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    settings.STAFF_ALERT_EMAILS = ["team@example.org"]


def assert_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/publications/",  # a fresh page
        "/search/?q=prisons",
        "/about-us/",  # a page's slug
        "/no/such/address/",  # a 404, where the redirect lookup needs the database
    ],
)
def test_pages_answer_503_with_retry_after_during_an_outage(visitor, database_down, path):
    with database_down:
        response = visitor.get(path)
    assert_outage_page(response)
    content = response.content.decode()
    assert "<h1>Sorry, we are having trouble</h1>" in content
    assert TROUBLE in content


def test_the_api_answers_503_in_json_during_an_outage(visitor, database_down):
    with database_down:
        response = visitor.get("/api/v1/publications/")
    assert_outage_page(response)
    assert TROUBLE in response.json()["detail"]


def test_cached_pages_are_still_served_during_an_outage(visitor, database_down):
    PublicationFactory(title="Still readable")
    before = visitor.get("/publications/")
    home = visitor.get("/")
    with database_down:
        during = visitor.get("/publications/")
        home_during = visitor.get("/")
        healthz = visitor.get("/healthz")
    assert during.status_code == 200
    assert during.content == before.content
    assert "Still readable" in during.content.decode()
    assert home_during.status_code == 200
    assert home_during.content == home.content
    assert healthz.status_code == 503
    assert healthz.json()["database"].startswith("down")


def test_the_site_recovers_when_the_database_returns(visitor, database_down):
    PublicationFactory(title="Back again")
    with database_down:
        assert visitor.get("/publications/").status_code == 503
    response = visitor.get("/publications/")
    assert response.status_code == 200
    assert "Back again" in response.content.decode()
    assert visitor.get("/healthz").status_code == 200


def test_a_contact_message_sent_during_an_outage_comes_back_with_what_was_typed(
    visitor, database_down, django_capture_on_commit_callbacks
):
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "subject": "press",
        "message": "A long message that took me an hour to write & check.",
        "contact_preference": "email-no-details",
        "website": "",
        "started": started_token(),
    }
    with database_down:
        response = visitor.post("/contact/", data)
    assert_outage_page(response)
    content = response.content.decode()
    assert "We are having trouble sending messages at the moment." in content
    assert "Everything you typed is still here" in content
    assert 'value="Ada Lovelace"' in content
    assert 'value="ada@example.org"' in content
    assert "A long message that took me an hour to write &amp; check.</textarea>" in content
    assert 'value="press" id="id_subject_1" required checked' in content
    assert 'value="email-no-details" id="id_contact_preference_1" required checked' in content
    assert mail.outbox == []

    # Sending the same form again once the database is back works: the token was not used up.
    resent = dict(data, started=response.context["form"]["started"].value())
    with django_capture_on_commit_callbacks(execute=True):
        assert visitor.post("/contact/", resent).status_code == 302
    assert ContactMessage.objects.get().message == data["message"]
    assert len(mail.outbox) == 2


def test_signed_in_people_get_the_503_page_too(visitor, database_down):
    # Their session and account are read by middleware, before any view runs.
    visitor.force_login(UserFactory())
    with database_down:
        response = visitor.get("/publications/")
    assert_outage_page(response)
    assert TROUBLE in response.content.decode()
