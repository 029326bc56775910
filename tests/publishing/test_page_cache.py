"""The anonymous page cache: fast for visitors, never stale after publishing, never personal."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.cache import get_max_age

from notifications.models import Email
from publications.models import Publication
from publishing.cache import VERSION_KEY, public_page
from publishing.models import Status
from publishing.services import publishable_set_status, redirect_record
from tests.campaigns.factories import CampaignFactory, MilestoneFactory
from tests.factories import PageFactory, TopicFactory, UserFactory
from tests.publications.factories import PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_cached_with_public_headers(
    client, settings, django_assert_num_queries
):
    PublicationFactory(title="Cached briefing")
    first = client.get("/publications/")
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    assert first["Cache-Control"] == (
        f"public, max-age={seconds}, s-maxage={seconds}, "
        f"stale-while-revalidate={settings.PUBLIC_PAGE_STALE_SECONDS}"
    )
    with django_assert_num_queries(0):
        second = client.get("/publications/")
    assert second.content == first.content
    assert not second.cookies
    assert "Content-Security-Policy" in second


def test_publishing_turns_the_cache_over(client):
    publication = PublicationFactory(title="Soon public", status=Status.DRAFT)
    assert "Soon public" not in client.get("/publications/").content.decode()
    publishable_set_status(queryset=Publication.objects.all(), status=Status.PUBLISHED)
    assert "Soon public" in client.get("/publications/").content.decode()
    publication.refresh_from_db()
    publication.title = "Renamed"
    publication.save()
    assert "Renamed" in client.get("/publications/").content.decode()
    publication.delete()
    assert "Renamed" not in client.get("/publications/").content.decode()


def test_signed_in_visitors_get_private_fresh_pages(client, django_assert_max_num_queries):
    PublicationFactory()
    Client().get("/publications/")  # fills the cache for anonymous visitors
    client.force_login(UserFactory())
    response = client.get("/publications/")
    assert "private" in response["Cache-Control"]
    assert "Member sign in" not in response.content.decode()


def test_cached_pages_carry_no_nonce(client):
    publication = PublicationFactory()
    html = client.get(publication.get_absolute_url()).content.decode()
    assert "nonce=" not in html


def test_pages_that_set_a_cookie_are_not_cached(client, rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    calls = []

    @public_page
    def view_with_form(request):
        calls.append(1)
        get_token(request)  # a form's CSRF token sets a cookie for this visitor only
        return HttpResponse("<form></form>")

    for _ in range(2):
        response = view_with_form(rf.get("/form/"))
        assert "Cache-Control" not in response or "public" not in response["Cache-Control"]
    assert len(calls) == 2


def test_cache_keys_ignore_parameters_a_page_does_not_read(client, django_assert_num_queries):
    PublicationFactory(title="Tracked link")
    client.get("/publications/?kind=briefing")
    with django_assert_num_queries(0):
        response = client.get("/publications/?utm_source=newsletter&kind=briefing")
    assert "utm_source" not in response.content.decode()
    client.get("/")
    with django_assert_num_queries(0):
        assert client.get("/?fbclid=123").status_code == 200


def seconds_until(moment) -> float:
    return (moment - timezone.now()).total_seconds()


def test_a_scheduled_publication_is_on_every_list_when_its_time_comes(client):
    publish_at = timezone.now() + timedelta(seconds=3)
    PublicationFactory(title="Scheduled briefing", publish_at=publish_at)
    paths = ["/", "/publications/", "/search/?q=Scheduled"]
    for _ in range(2):  # filling the cache, then served from it
        for path in paths:
            response = client.get(path)
            assert "Scheduled briefing" not in response.content.decode()
            assert 0 <= get_max_age(response) <= seconds_until(publish_at)
    while timezone.now() < publish_at:  # the schedule runs on the real clock
        time.sleep(0.1)
    for path in paths:
        assert "Scheduled briefing" in client.get(path).content.decode(), path


@pytest.mark.parametrize("factory", [PageFactory, CampaignFactory, PublicationFactory])
def test_no_page_is_kept_past_the_next_scheduled_item_of_any_kind(client, factory, settings):
    publish_at = timezone.now() + timedelta(seconds=60)
    factory(publish_at=publish_at)
    factory(publish_at=publish_at + timedelta(days=1))
    first = client.get("/publications/")
    assert 50 < get_max_age(first) <= seconds_until(publish_at)
    assert get_max_age(client.get("/publications/")) <= seconds_until(publish_at)
    assert get_max_age(first) < settings.PUBLIC_PAGE_CACHE_SECONDS


def test_pages_keep_their_usual_time_when_nothing_is_scheduled(client, settings):
    PublicationFactory(status=Status.DRAFT, publish_at=timezone.now() + timedelta(seconds=60))
    PublicationFactory(publish_at=timezone.now() - timedelta(days=1))
    response = client.get("/publications/")
    assert get_max_age(response) == settings.PUBLIC_PAGE_CACHE_SECONDS


def cache_version():
    from publishing.cache import cache

    return cache.get(VERSION_KEY)


@pytest.mark.parametrize(
    "change",
    [
        lambda campaign: MilestoneFactory(campaign=campaign),  # registered by campaigns
        lambda campaign: campaign.topics.add(TopicFactory()),  # a many-to-many link
        lambda campaign: TopicFactory().campaigns.add(campaign),  # the same, from the other side
        lambda campaign: SeriesFactory(),  # registered by publications
        lambda campaign: redirect_record(old_path="/a/", new_path="/b/"),
    ],
)
def test_what_visitors_see_turns_the_cache_over(change):
    campaign = CampaignFactory()
    before = cache_version()
    change(campaign)
    assert cache_version() != before


def test_saves_of_anything_else_leave_the_cache_alone():
    PublicationFactory()
    before = cache_version()
    UserFactory()
    Email.objects.create(key="k", to=["someone@example.org"], subject="s", text_body="t")
    assert cache_version() == before
