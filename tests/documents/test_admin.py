"""The admin describes documents in words and links them where they can really be opened."""

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from tests.expert_group.factories import MeetingFactory, PaperFactory
from tests.factories import staff_user
from tests.publications.factories import AttachmentFactory, PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(staff_user())
    return client


def currently_link(html: str) -> str:
    match = re.search(r'Currently: <a href="([^"]+)">[^<]+\.pdf</a>', html)
    assert match, "the change form shows the current file"
    return match.group(1)


def test_an_attachment_is_shown_with_its_size_and_a_working_link(staff_client):
    publication = PublicationFactory(status="draft")
    AttachmentFactory(
        publication=publication,
        file=ContentFile(b"%PDF-1.4\n" + b"0" * 1_300_000, name="report.pdf"),
        file_size=1_300_009,
    )
    page = staff_client.get(f"/admin/publications/publication/{publication.pk}/change/")
    html = page.content.decode()
    assert "1.2\xa0MB" in html and "1300009" not in html

    link = currently_link(html)
    assert link == publication.attachments.get().get_absolute_url()
    download = staff_client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_a_paper_links_through_the_protected_download(staff_client):
    meeting = MeetingFactory()
    paper = PaperFactory(meeting=meeting, file_size=2_500_000)
    for url in [
        f"/admin/expert_group/paper/{paper.pk}/change/",
        f"/admin/expert_group/meeting/{meeting.pk}/change/",
    ]:
        html = staff_client.get(url).content.decode()
        assert "2.4\xa0MB" in html
        link = currently_link(html)
        assert link == paper.get_download_url()
        assert "/media/" not in link

    assert Client().get(link).status_code == 302, "the link is no way round the access check"
    download = staff_client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
