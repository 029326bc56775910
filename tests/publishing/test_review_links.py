"""Review links: a draft opened with no account, read-only, expiring, revocable, every view
recorded; the secret never stored, never in an address a server sees."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from publishing.models import ReviewLink, Status
from publishing.review_links import review_link_create, review_link_revoke, review_token_hash
from tests.campaigns.factories import CampaignFactory
from tests.directory.factories import ServiceFactory
from tests.factories import PageFactory, staff_user
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def secret_of(url: str) -> str:
    assert "/review/#" in url
    return url.split("#", 1)[1]


@pytest.fixture
def draft():
    return PublicationFactory(title="Draft briefing on prisons", status=Status.DRAFT)


def open_link(client, token):
    return client.post("/review/", {"token": token})


@pytest.mark.parametrize(
    "factory", [PublicationFactory, CampaignFactory, PageFactory, ServiceFactory]
)
def test_a_review_link_opens_a_draft_of_any_kind_with_no_account(client, factory, settings):
    item = factory(title="Not yet public", status=Status.DRAFT)
    assert client.get(item.get_absolute_url()).status_code == 404
    link, url = review_link_create(item=item, shared_with="Ann, Partner Charity", created_by=None)
    assert url.startswith(settings.SITE_URL + "/review/#")
    response = open_link(client, secret_of(url))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not yet public" in page
    assert "For review: not published." in page
    assert "Shared with Ann, Partner Charity" in page
    assert "Edit it in the admin" not in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    assert link.views.count() == 1


def test_every_view_is_recorded(client, draft):
    link, url = review_link_create(item=draft, shared_with="Counsel", created_by=None)
    for _ in range(3):
        assert open_link(client, secret_of(url)).status_code == 200
    assert link.views.count() == 3


def test_the_secret_is_stored_only_as_a_hash(draft):
    link, url = review_link_create(item=draft, shared_with="Counsel", created_by=None)
    token = secret_of(url)
    assert len(token) >= 40
    stored = ReviewLink.objects.filter(pk=link.pk).values().get()
    assert token not in str(stored)
    assert stored["token_hash"] == review_token_hash(token)


def test_a_link_expires_after_seven_days_by_default(client, draft):
    link, url = review_link_create(item=draft, shared_with="Counsel", created_by=None)
    assert timedelta(days=6, hours=23) < link.expires_at - timezone.now() <= timedelta(days=7)
    ReviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = open_link(client, secret_of(url))
    assert response.status_code == 410
    assert "This review link expired on" in response.content.decode()
    assert "Draft briefing" not in response.content.decode()
    assert link.views.count() == 0


def test_a_revoked_link_stops_working_at_once(client, draft):
    link, url = review_link_create(item=draft, shared_with="Counsel", created_by=None)
    assert open_link(client, secret_of(url)).status_code == 200
    review_link_revoke(link=link, revoked_by=None)
    response = open_link(client, secret_of(url))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert "Draft briefing" not in response.content.decode()


def test_a_wrong_or_missing_code_is_a_clear_404(client, draft):
    review_link_create(item=draft, shared_with="Counsel", created_by=None)
    for token in ["not-the-code", "", "x" * 5000]:
        response = open_link(client, token)
        assert response.status_code == 404
        assert "This review link is not valid" in response.content.decode()


def test_a_link_shows_one_item_only(client, draft):
    other = PublicationFactory(title="Another draft", status=Status.DRAFT)
    _link, url = review_link_create(item=draft, shared_with="Counsel", created_by=None)
    assert open_link(client, secret_of(url)).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404  # no session was opened


def test_the_review_page_itself_is_private_and_carries_no_secret(client):
    response = client.get("/review/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'name="token"' in response.content.decode()
    assert not response.cookies


def test_staff_make_and_revoke_links_in_the_admin(client, draft):
    staff = staff_user()
    client.force_login(staff)
    admin_url = f"/admin/publications/publication/{draft.pk}/review-links/"
    assert (
        "Share for review"
        in client.get(f"/admin/publications/publication/{draft.pk}/change/").content.decode()
    )
    response = client.post(admin_url, {"shared_with": "Legal adviser", "days": "3"})
    assert response.status_code == 200
    url = re.search(r'value="(http[^"]+/review/#[^"]+)"', response.content.decode())[1]
    link = ReviewLink.objects.get()
    assert link.created_by == staff
    assert timedelta(days=2, hours=23) < link.expires_at - timezone.now() <= timedelta(days=3)
    # Shown once: the list afterwards has no secret.
    assert secret_of(url) not in client.get(admin_url).content.decode()
    client.logout()
    assert open_link(client, secret_of(url)).status_code == 200
    client.force_login(staff)
    response = client.post(admin_url, {"revoke": link.pk})
    assert response.status_code == 302
    client.logout()
    assert open_link(client, secret_of(url)).status_code == 410


def test_bad_input_in_the_admin_form_is_a_400_with_a_message(client, draft):
    client.force_login(staff_user())
    response = client.post(
        f"/admin/publications/publication/{draft.pk}/review-links/",
        {"shared_with": "", "days": "90"},
    )
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 30" in response.content.decode()
    assert not ReviewLink.objects.exists()


def test_staff_without_change_permission_cannot_make_links(client, draft):
    viewer = staff_user(is_superuser=False, permissions=("publications.view_publication",))
    client.force_login(viewer)
    url = f"/admin/publications/publication/{draft.pk}/review-links/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"shared_with": "X", "days": "3"}).status_code == 403


def test_the_admin_preview_frames_the_item_at_both_widths(client, draft):
    client.force_login(staff_user())
    page = client.get(f"/admin/publications/publication/{draft.pk}/preview/").content.decode()
    assert page.count(f'<iframe src="{draft.get_absolute_url()}"') == 2
    assert 'width="1280"' in page and 'width="390"' in page
    framed = client.get(draft.get_absolute_url())
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"]
    assert "Preview: not published." in framed.content.decode()


def test_public_pages_still_refuse_to_be_framed(client):
    publication = PublicationFactory()
    response = client.get(publication.get_absolute_url())
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
