"""Draft previews are staff powers: they need MFA and the admin's view permission for the kind."""

import pytest
from django.urls import reverse

from publishing.models import Status
from tests.campaigns.factories import CampaignFactory
from tests.factories import PageFactory, staff_user
from tests.publications.factories import AttachmentFactory, PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(db):
    publication = PublicationFactory(status=Status.DRAFT, title="Draft briefing")
    return {
        "publication": publication.get_absolute_url(),
        "campaign": CampaignFactory(status=Status.DRAFT).get_absolute_url(),
        "page": PageFactory(status=Status.DRAFT).get_absolute_url(),
        "document": AttachmentFactory(publication=publication).get_absolute_url(),
    }


def test_staff_without_mfa_are_sent_to_set_it_up_instead_of_seeing_drafts(client, drafts):
    client.force_login(staff_user(with_totp=False))  # a superuser, even
    for url in drafts.values():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(drafts["publication"], follow=True).content.decode()
    assert "two-factor authentication" in page
    assert "Draft briefing" not in page


def test_staff_without_mfa_still_see_published_pages(client):
    client.force_login(staff_user(with_totp=False))
    publication = PublicationFactory()
    assert client.get(publication.get_absolute_url()).status_code == 200
    document = AttachmentFactory(publication=publication)
    assert client.get(document.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("permission", "may_preview"),
    [
        (None, set()),
        ("publications.view_publication", {"publication", "document"}),
        ("campaigns.view_campaign", {"campaign"}),
        ("cja_site.view_page", {"page"}),
    ],
)
def test_staff_preview_the_kinds_they_may_view_in_the_admin(
    client, drafts, permission, may_preview
):
    permissions = (permission,) if permission else ()
    client.force_login(staff_user(is_superuser=False, permissions=permissions))
    for kind, url in drafts.items():
        response = client.get(url)
        assert response.status_code == (200 if kind in may_preview else 404), url
