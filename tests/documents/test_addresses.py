"""A renamed publication's documents keep their old addresses, as redirects."""

import pytest
from django.test import Client

from tests.factories import staff_user
from tests.publications.factories import AttachmentFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def test_documents_follow_their_publication_when_it_is_renamed(client):
    publication = PublicationFactory(slug="old-name")
    attachment = AttachmentFactory(publication=publication)
    old_address = f"/publications/old-name/documents/{attachment.pk}/"
    assert client.get(old_address).status_code == 200

    staff = Client()
    staff.force_login(staff_user())
    form = {
        "title": publication.title, "slug": "new-name", "kind": "briefing",
        "summary": "s", "body": "<p>b</p>", "published_on": "2022-01-01", "authors": "",
        "publish_at_0": "", "publish_at_1": "", "review_by": "",
        "seo_title": "", "seo_description": "", "social_image_alt": "",
        "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "1",
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
        "attachments-0-id": attachment.pk, "attachments-0-publication": publication.pk,
        "attachments-0-title": attachment.title, "attachments-0-order": "0",
        "attachments-0-accessibility": "unchecked",
        # Renaming a live item is a draft until published: the superuser publishes their own
        # change, which takes a reason.
        "_publish": "Publish", "_publish_reason": "New name agreed",
    }  # fmt: skip
    response = staff.post(f"/admin/publications/publication/{publication.pk}/change/", form)
    assert response.status_code == 302

    moved = client.get(old_address + "?utm_source=newsletter")
    assert moved.status_code == 301
    new_address = f"/publications/new-name/documents/{attachment.pk}/"
    assert moved["Location"] == new_address + "?utm_source=newsletter"
    assert client.get(new_address).status_code == 200
    assert client.get("/publications/old-name/").status_code == 301


def test_an_address_nobody_moved_stays_a_404(client):
    PublicationFactory(slug="kept")
    assert client.get("/publications/kept/documents/999/").status_code == 404
    assert client.get("/publications/never-existed/documents/1/").status_code == 404
