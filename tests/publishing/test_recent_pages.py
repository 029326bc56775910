"""A hit held in the process's memory: served without asking the cache while the version was
confirmed lately, turned over at once by this process's own publish, and by another server's
once the window has passed; never more pages than the limit."""

import math
import time

import pytest
from django.core.cache import caches

from publishing.cache import PAGES_CACHE_ALIAS, VERSION_KEY, RecentPages
from publishing.models import Status
from publishing.services import publishable_set_status
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_reads(monkeypatch):
    """Every read of the page cache, as (method, key or keys)."""
    pages = caches[PAGES_CACHE_ALIAS]
    reads = []
    for method in ("get", "get_many"):
        real = getattr(pages, method)
        monkeypatch.setattr(
            pages,
            method,
            lambda *args, _real=real, _name=method, **kwargs: (
                reads.append((_name, args[0])) or _real(*args, **kwargs)
            ),
        )
    return reads


def another_server_publishes() -> None:
    caches[PAGES_CACHE_ALIAS].set(VERSION_KEY, "published-elsewhere", timeout=None)


def test_a_recent_hit_is_answered_without_asking_the_cache(client, settings, page_cache_reads):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 60
    PublicationFactory(title="Restorative justice in prisons")
    client.get("/publications/")
    page_cache_reads.clear()
    response = client.get("/publications/")
    assert "Restorative justice in prisons" in response.text
    assert page_cache_reads == []


def stale_session(client, settings) -> None:
    """A cookie that matches no session: the page cache never answers, the page is made."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"


def test_a_page_made_afresh_takes_its_content_from_memory(client, settings, page_cache_reads):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 60
    PublicationFactory(title="Restorative justice in prisons")
    stale_session(client, settings)
    client.get("/publications/")
    page_cache_reads.clear()
    response = client.get("/publications/")
    assert "Restorative justice in prisons" in response.text
    assert not [read for read in page_cache_reads if "public-content:" in str(read[1])]


def test_this_servers_publish_reaches_content_made_afresh_at_once(client, settings):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 60
    stale_session(client, settings)
    draft = PublicationFactory(title="Victims' voices", status=Status.DRAFT)
    assert "Victims&#x27; voices" not in client.get("/publications/").text
    publishable_set_status(
        queryset=type(draft).objects.filter(pk=draft.pk), status=Status.PUBLISHED
    )
    assert "Victims&#x27; voices" in client.get("/publications/").text


def test_this_servers_publish_is_on_the_page_at_once(client, settings):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 60
    draft = PublicationFactory(title="Victims' voices", status=Status.DRAFT)
    assert "Victims&#x27; voices" not in client.get("/publications/").text
    publishable_set_status(
        queryset=type(draft).objects.filter(pk=draft.pk), status=Status.PUBLISHED
    )
    assert "Victims&#x27; voices" in client.get("/publications/").text


def test_another_servers_publish_reaches_the_page_once_the_window_has_passed(client, settings):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 60
    publication = PublicationFactory(title="Before the change")
    client.get("/publications/")
    type(publication).objects.filter(pk=publication.pk).update(title="After the change")
    another_server_publishes()
    assert "Before the change" in client.get("/publications/").text
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 0  # the window has passed
    assert "After the change" in client.get("/publications/").text


def test_no_more_pages_are_held_than_the_limit(settings):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 60
    settings.PUBLIC_PAGE_LOCAL_PAGES = 2
    recent = RecentPages()
    recent.written("v1")
    for key in ("first", "second", "third"):
        recent.keep(key, ("v1", float("inf"), False, [], key.encode()))
    assert recent.page("first") is None
    assert [recent.page(key)[4] for key in ("second", "third")] == [b"second", b"third"]


def test_an_answer_read_before_this_servers_publish_does_not_bring_the_old_version_back(settings):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 60
    recent = RecentPages()
    asked_at = time.monotonic()  # another request asks the cache for the version...
    recent.written("after-the-publish")  # ...this server publishes meanwhile...
    recent.confirm("before-the-publish", asked_at=asked_at)  # ...and the old answer arrives
    recent.keep("old", ("before-the-publish", math.inf, False, [], b"old page"))
    recent.keep("new", ("after-the-publish", math.inf, False, [], b"new page"))
    assert recent.page("old") is None
    assert recent.page("new")[4] == b"new page"
