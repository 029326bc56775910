""" "Take down at": an item leaves every page, list, feed, the sitemap, search and the API on
time, with no job to run: the public queries filter on it and no cached copy outlives it."""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.cache import get_max_age

from directory.models import Area
from publications.models import Publication
from publishing.models import Status
from publishing.services import publishable_set_status
from tests.campaigns.factories import CampaignFactory
from tests.directory.factories import ServiceFactory
from tests.factories import PageFactory, staff_user
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

AREA = "E23000010"


class Clock:
    """The wall clock, moved forward by the test instead of waited for."""

    def __init__(self, monkeypatch):
        self.offset = timedelta(0)
        real_time, real_now = time.time, timezone.now
        monkeypatch.setattr(time, "time", lambda *_: real_time() + self.offset.total_seconds())
        monkeypatch.setattr(timezone, "now", lambda *_: real_now() + self.offset)

    def advance(self, delta: timedelta) -> None:
        self.offset += delta


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def make_items(take_down_at):
    """One item of each kind, all called "Vanishing …", due to come down at `take_down_at`."""
    common = {"status": Status.PUBLISHED, "take_down_at": take_down_at}
    service = ServiceFactory(title="Vanishing service", **common)
    service.areas.set([Area.objects.get(gss_code=AREA)])
    return {
        "publication": PublicationFactory(title="Vanishing briefing", **common),
        "campaign": CampaignFactory(title="Vanishing campaign", featured=True, **common),
        "page": PageFactory(title="Vanishing page", **common),
        "service": service,
    }


TITLES = ["Vanishing briefing", "Vanishing campaign", "Vanishing page", "Vanishing service"]


def shows_any(response) -> bool:
    return any(title in response.content.decode() for title in TITLES)


def listings(items) -> list[str]:
    return [
        "/",
        "/publications/",
        "/campaigns/",
        "/search/?q=Vanishing",
        "/publications/feed/",
        "/publications/feed/atom/",
        "/campaigns/feed/",
        "/campaigns/feed/atom/",
        "/api/v1/publications/",
        "/api/v1/campaigns/",
        "/api/v1/directory/services",
        f"/find-restorative-justice/area/{AREA}/",
    ]


def sitemap_paths(items) -> list[str]:
    return [items[kind].get_absolute_url() for kind in ("publication", "campaign", "page")]


def test_take_down_at_removes_items_from_everything_within_a_minute(client, clock, settings):
    take_down_at = timezone.now() + timedelta(seconds=50)
    items = make_items(take_down_at)
    details = [item.get_absolute_url() for item in items.values()]
    for _ in range(2):  # filling the caches, then served from them
        for path in listings(items):
            response = client.get(path)
            assert response.status_code == 200, path
            assert shows_any(response), path
            assert get_max_age(response) is None or get_max_age(response) <= 50, path
        for path in details:
            assert client.get(path).status_code == 200, path
        sitemap = client.get("/sitemap.xml").content.decode()
        assert all(path in sitemap for path in sitemap_paths(items))

    clock.advance(timedelta(seconds=51))  # no save, no signal, no task: only time passes

    for path in listings(items):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not shows_any(response), path
    for path in details:
        assert client.get(path).status_code == 404, path
    sitemap = client.get("/sitemap.xml").content.decode()
    assert not any(path in sitemap for path in sitemap_paths(items))


def test_no_cached_page_outlives_the_next_take_down(client):
    take_down_at = timezone.now() + timedelta(seconds=90)
    make_items(take_down_at)
    for path in ["/", "/publications/", "/campaigns/"]:
        for _ in range(2):
            response = client.get(path)
            assert 0 < get_max_age(response) <= 90, path
            assert "stale-while-revalidate" not in response["Cache-Control"], path


def test_taken_down_items_stay_visible_to_staff_with_a_banner(client):
    items = make_items(timezone.now() - timedelta(minutes=5))
    client.force_login(staff_user())
    response = client.get(items["publication"].get_absolute_url())
    assert response.status_code == 200
    assert "Taken down on" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_publishing_again_puts_a_taken_down_item_back_up(client):
    publication = make_items(timezone.now() - timedelta(minutes=5))["publication"]
    assert client.get(publication.get_absolute_url()).status_code == 404
    publishable_set_status(queryset=Publication.objects.all(), status=Status.PUBLISHED)
    publication.refresh_from_db()
    assert publication.take_down_at is None
    assert client.get(publication.get_absolute_url()).status_code == 200


def test_take_down_must_come_after_publication():
    now = timezone.now()
    page = PageFactory.build(
        publish_at=now + timedelta(days=2), take_down_at=now + timedelta(days=1)
    )
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "take_down_at" in raised.value.error_dict
