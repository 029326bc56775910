"""Cached pages answered before the session, auth and messages middleware: with every header a
fresh answer carries, never for a visitor with a session or a message, never storing anything
meant for one visitor, and never stale after a publish, for visitors or signed-in members."""

import re

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client

from publications.models import Publication
from publishing.cache import PublicPageCacheMiddleware, public_page
from publishing.models import Status
from publishing.services import publishable_set_status
from tests.factories import UserFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = ["/", "/publications/?kind=briefing", "/search/?q=briefing"]


def lifetimes(cache_control: str) -> tuple[str, list[int]]:
    """Cache-Control with its max-age and s-maxage taken out, and those two."""
    numbers = [int(n) for n in re.findall(r"max-?age=(\d+)", cache_control)]
    return re.sub(r"max-?age=\d+", "max-age=N", cache_control), numbers


def served_early(response) -> bool:
    # SessionMiddleware never ran: the page came from the cache before it.
    return not hasattr(response.wsgi_request, "session")


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_a_cache_hit_is_answered_before_the_rest_of_the_stack_with_the_same_headers(
    client, path, settings, django_assert_num_queries
):
    publication = PublicationFactory(title="A briefing", kind=Publication.Kind.BRIEFING)
    fresh = client.get(path)
    assert not served_early(fresh)
    for address in (path, publication.get_absolute_url()):
        client.get(address)
    with django_assert_num_queries(0):
        cached = client.get(path)
    assert served_early(cached)
    assert cached.content == fresh.content
    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "Vary",
        "Content-Type",
        "Content-Length",
    ):
        assert cached[header] == fresh[header], header
    # The same policy, its lifetimes counted down by the seconds between the two answers.
    (cached_policy, cached_ages), (fresh_policy, fresh_ages) = map(
        lifetimes, (cached["Cache-Control"], fresh["Cache-Control"])
    )
    assert cached_policy == fresh_policy
    assert all(0 <= f - c <= 2 for c, f in zip(cached_ages, fresh_ages, strict=True)), (
        cached_ages,
        fresh_ages,
    )
    assert cached["X-Content-Type-Options"] == "nosniff"
    assert "s-maxage=" in cached["Cache-Control"]
    assert "stale-while-revalidate=" in cached["Cache-Control"]
    assert "nonce" not in cached["Content-Security-Policy"]
    assert not cached.cookies


def test_a_cache_hit_carries_hsts_under_production_settings(settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    PublicationFactory()
    browser = Client()  # loads the middleware with these settings
    assert browser.get("/publications/").status_code == 301  # plain HTTP goes to HTTPS first
    browser.get("/publications/", secure=True)
    cached = browser.get("/publications/", secure=True)
    assert served_early(cached)
    assert "max-age=31536000" in cached["Strict-Transport-Security"]
    assert "includeSubDomains" in cached["Strict-Transport-Security"]


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_visitors_with_a_session_or_a_message_are_never_served_from_the_cache(client, cookie):
    PublicationFactory()
    client.get("/publications/")
    client.cookies[cookie] = "something"
    response = client.get("/publications/")
    assert not served_early(response)
    assert "public" not in response["Cache-Control"]


def test_a_head_request_is_served_from_the_cache_too(client):
    client.get("/")
    assert served_early(client.head("/"))


def early(view, rf, path="/"):
    """The middleware around `view`, as if `view` were the page at `path`."""
    middleware = PublicPageCacheMiddleware(lambda request: view(request))
    return lambda: middleware(rf.get(path))


def test_a_page_that_set_a_form_token_is_not_stored(rf):
    calls = []

    @public_page
    def page_with_a_form(request):
        calls.append(1)
        response = HttpResponse("<form></form>")
        response.set_cookie("csrftoken", get_token(request))
        return response

    ask = early(page_with_a_form, rf)
    for _ in range(2):
        response = ask()
        assert "public" not in response.get("Cache-Control", "")
    assert len(calls) == 2


def test_a_page_whose_html_used_the_csp_nonce_is_not_stored(rf):
    calls = []

    @public_page
    def page_with_a_nonce(request):
        calls.append(1)
        request._csp_nonce = "used-nonce"  # as {{ csp_nonce }} in a template would
        return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')

    ask = early(page_with_a_nonce, rf)
    first = ask()
    second = ask()
    assert len(calls) == 2
    assert "private" in first["Cache-Control"] and "private" in second["Cache-Control"]


def test_an_address_that_is_not_a_public_page_never_touches_the_cache(client, monkeypatch):
    from publishing.cache import cache

    def refuse(*args, **kwargs):
        raise AssertionError("the cache was asked")

    monkeypatch.setattr(cache, "get_many", refuse)
    assert client.get("/contact/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/publications/", "/search/?q=Soon"])
def test_members_see_a_publication_the_moment_it_is_published(client, path):
    """Signed-in pages are rendered afresh from cached content, which a publish turns over."""
    PublicationFactory(title="Soon public", status=Status.DRAFT)
    client.force_login(UserFactory())
    for _ in range(2):
        assert "Soon public" not in client.get(path).content.decode()
    publishable_set_status(queryset=Publication.objects.all(), status=Status.PUBLISHED)
    assert "Soon public" in client.get(path).content.decode()


def test_members_see_an_edit_to_a_publication_at_once(client):
    publication = PublicationFactory(title="First title")
    client.force_login(UserFactory())
    assert "First title" in client.get(publication.get_absolute_url()).content.decode()
    publication.title = "Second title"
    publication.save()
    assert "Second title" in client.get(publication.get_absolute_url()).content.decode()


def test_a_draft_is_never_served_from_cached_content(client):
    publication = PublicationFactory(status=Status.DRAFT)
    client.force_login(UserFactory())
    for _ in range(2):
        assert client.get(publication.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("path", ["/", "/publications/?kind=briefing", "/search/?q=briefing", None])
def test_a_signed_in_render_from_cached_content_asks_the_database_only_for_the_account(
    client, path, django_assert_num_queries
):
    publication = PublicationFactory(title="A briefing", kind=Publication.Kind.BRIEFING)
    path = path or publication.get_absolute_url()
    client.force_login(UserFactory())
    client.get(path)
    with django_assert_num_queries(1):
        response = client.get(path)
    assert "A briefing" in response.content.decode()
    assert "private" in response["Cache-Control"]


def cache_goes_down(settings):
    """Redis unreachable, as during an outage of the cache. (Publishing and signing in need it.)"""
    down = {"BACKEND": "cja_site.cache_backends.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    settings.CACHES = {"default": down, "pages": down}


def test_pages_are_made_afresh_while_the_cache_is_down(settings):
    publication = PublicationFactory(title="A briefing", kind=Publication.Kind.BRIEFING)
    visitor, member = Client(), Client()
    member.force_login(UserFactory())
    cache_goes_down(settings)
    for browser in (visitor, member):
        for path in [*PUBLIC_PATHS, publication.get_absolute_url()]:
            response = browser.get(path)
            assert response.status_code == 200, path
            assert "A briefing" in response.content.decode()
    assert "public" in visitor.get("/publications/")["Cache-Control"]
