"""/exit/: leaves for the neutral site at once, ending the session and the site's cookies."""

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.factories import UserFactory, verified

pytestmark = pytest.mark.django_db


def test_a_signed_in_person_is_signed_out_and_sent_to_the_neutral_site(client, settings):
    client.force_login(verified(UserFactory()))
    assert "Sign out" in client.get("/").content.decode()
    assert Session.objects.count() == 1

    response = client.get("/exit/")

    assert response.status_code == 302
    assert response["Location"] == settings.EXIT_PAGE_URL == "https://www.bbc.co.uk/weather"
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value == "" and cookie["max-age"] == 0
    assert Session.objects.count() == 0
    assert "Member sign in" in client.get("/").content.decode()


def test_it_goes_where_the_setting_says(client, settings):
    settings.EXIT_PAGE_URL = "https://www.example.org/news"
    assert client.get("/exit/")["Location"] == "https://www.example.org/news"


def test_nothing_is_kept_and_the_neutral_site_is_not_told_where_the_visitor_was(client):
    response = client.get("/exit/")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    # Not "cache": Chrome stalls the response for seconds while it clears its HTTP cache.
    assert response["Clear-Site-Data"] == '"cookies", "storage"'
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_other_cookies_of_the_site_are_deleted_too(client, settings):
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    client.cookies["messages"] = "a-message"
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"

    response = client.get("/exit/")

    for name in (settings.CSRF_COOKIE_NAME, "messages", settings.SESSION_COOKIE_NAME):
        assert response.cookies[name]["max-age"] == 0, name


def test_an_anonymous_exit_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/exit/").status_code == 302


def test_a_signed_in_exit_costs_a_fixed_handful_of_queries(client, django_assert_num_queries):
    for _ in range(2):
        client.force_login(verified(UserFactory()))
        client.get("/")
        # The user (the session itself comes from the cache, and allauth's activity record was
        # written within the minute); the flush (a read and a delete).
        with django_assert_num_queries(3):
            assert client.get("/exit/").status_code == 302


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_a_plain_link_exits(client, method):
    # /exit/ is a link (it works without JavaScript); a form posting to it is a mistake.
    assert getattr(client, method)("/exit/").status_code == 405


def test_head_exits_like_get(client):
    assert client.head("/exit/").status_code == 302


@pytest.mark.parametrize(
    "url", ["http://www.bbc.co.uk/weather", "/weather/", "www.bbc.co.uk/weather", ""]
)
def test_a_neutral_site_that_is_not_a_full_https_address_stops_the_site(settings, url):
    settings.EXIT_PAGE_URL = url
    with pytest.raises(SystemCheckError, match=r"exit_page\.E001"):
        call_command("check")


def test_the_default_neutral_site_passes_the_check(settings):
    call_command("check")
