"""A slug change leaves a permanent redirect, whoever makes it; redirects never chain or loop."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Campaign
from publishing.models import Redirect, Status
from publishing.selectors import redirect_target
from publishing.services import (
    publishable_rename,
    publishable_set_status,
    publishable_update,
    redirect_record,
)
from tests.campaigns.factories import CampaignFactory
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def redirects() -> dict[str, str]:
    return dict(Redirect.objects.values_list("old_path", "new_path"))


def test_redirects_do_not_chain_or_loop():
    redirect_record(old_path="/a/", new_path="/b/")
    redirect_record(old_path="/b/", new_path="/c/")
    assert redirects() == {"/a/": "/c/", "/b/": "/c/"}
    redirect_record(old_path="/c/", new_path="/a/")  # back to the first name
    assert redirects() == {"/b/": "/a/", "/c/": "/a/"}


def test_a_rename_outside_the_admin_leaves_a_redirect_too(client):
    campaign = CampaignFactory(slug="old-name")
    publishable_rename(item=campaign, slug="new-name")
    assert Campaign.objects.get(pk=campaign.pk).slug == "new-name"
    assert redirects() == {"/campaigns/old-name/": "/campaigns/new-name/"}
    response = client.get("/campaigns/old-name/")
    assert response.status_code == 301
    assert response["Location"] == "/campaigns/new-name/"


def test_an_update_that_keeps_the_address_leaves_no_redirect():
    page = PageFactory(slug="about")
    publishable_update(item=page, title="About us")
    page.summary = "Who we are."  # set on the item, as the admin's form does
    publishable_update(item=page)
    page.refresh_from_db()
    assert (page.title, page.summary) == ("About us", "Who we are.")
    assert redirects() == {}


def test_addresses_under_a_moved_one_follow_it():
    redirect_record(old_path="/publications/old/", new_path="/publications/new/")
    assert (
        redirect_target(path="/publications/old/documents/3/") == "/publications/new/documents/3/"
    )
    assert redirect_target(path="/publications/other/") is None


@pytest.mark.parametrize("unpublish", ["draft", "taken-down", "deleted"])
def test_an_unpublished_items_old_address_answers_404_without_revealing_the_new_one(
    client, unpublish
):
    campaign = CampaignFactory(slug="old-name", status=Status.PUBLISHED)
    publishable_rename(item=campaign, slug="secret-new-name")
    assert client.get("/campaigns/old-name/").status_code == 301
    if unpublish == "draft":
        publishable_set_status(queryset=Campaign.objects.all(), status=Status.DRAFT)
    elif unpublish == "taken-down":
        # Moved in the data, as the clock would: nothing is saved, no signal is sent.
        Campaign.objects.update(take_down_at=timezone.now() - timedelta(seconds=1))
    else:
        campaign.delete()
    for path in ["/campaigns/old-name/", "/campaigns/old-name/?utm_source=x"]:
        response = client.get(path)
        assert response.status_code == 404
        assert "secret-new-name" not in response.content.decode()
        assert "Location" not in response
    if unpublish != "deleted":
        publishable_set_status(queryset=Campaign.objects.all(), status=Status.PUBLISHED)
        response = client.get("/campaigns/old-name/")
        assert response.status_code == 301
        assert response["Location"] == "/campaigns/secret-new-name/"


def test_a_chain_of_renames_points_at_the_item_and_follows_its_status(client):
    page = PageFactory(slug="first")
    publishable_rename(item=page, slug="second")
    publishable_rename(item=page, slug="third")
    assert redirects() == {"/first/": "/third/", "/second/": "/third/"}
    assert client.get("/first/")["Location"] == "/third/"
    publishable_set_status(queryset=type(page).objects.all(), status=Status.DRAFT)
    assert client.get("/first/").status_code == 404
    assert client.get("/second/").status_code == 404


def test_a_redirect_made_by_hand_is_followed_as_before(client):
    redirect_record(old_path="/old-report/", new_path="/publications/")
    assert client.get("/old-report/")["Location"] == "/publications/"
