"""Uploads are stored and downloaded under the extension of what they really are."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from expert_group.models import Paper
from publishing.models import Status
from publishing.review import revision_publish
from tests.expert_group.factories import MeetingFactory, MembershipFactory, PaperFactory
from tests.factories import staff_user
from tests.publications.factories import AttachmentFactory, PublicationFactory

from .samples import DOCX

pytestmark = pytest.mark.django_db

POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(staff_user())
    return client


def attachment_form(publication, upload) -> dict:
    return {
        "title": publication.title, "slug": publication.slug, "kind": "briefing",
        "summary": "s", "body": "<p>b</p>", "published_on": "2022-01-01", "authors": "",
        "status": "published", "publish_at_0": "", "publish_at_1": "", "review_by": "",
        "seo_title": "", "seo_description": "", "social_image_alt": "",
        "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
        "attachments-0-title": "Page", "attachments-0-order": "0",
        "attachments-0-file": upload, "attachments-0-accessibility": "unchecked",
    }  # fmt: skip


def test_an_html_page_accepted_as_text_is_stored_and_served_as_txt(staff_client, client):
    publication = PublicationFactory()
    upload = SimpleUploadedFile("Our Page.html", b"<script>alert(1)</script>")
    url = f"/admin/publications/publication/{publication.pk}/change/"
    assert staff_client.post(url, attachment_form(publication, upload)).status_code == 302
    revision_publish(item=publication, user=staff_user(email="approver@example.org"))

    attachment = publication.attachments.get()
    assert attachment.file.name.endswith("/our-page.txt")
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert 'filename="our-page.txt"' in response["Content-Disposition"]


def test_a_pdf_polyglot_named_html_is_a_pdf_paper_never_html(staff_client):
    meeting = MeetingFactory()
    form = {"meeting": meeting.pk, "title": "Budget", "confidentiality": "open", "order": 0}
    upload = SimpleUploadedFile("polyglot.html", POLYGLOT)
    response = staff_client.post("/admin/expert_group/paper/add/", {**form, "file": upload})
    assert response.status_code == 302

    paper = Paper.objects.get()
    assert paper.file.name.endswith("/polyglot.pdf")
    member = Client()
    member.force_login(MembershipFactory().user)
    download = member.get(paper.get_download_url())
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="budget-v1.pdf"' in download["Content-Disposition"]


def test_an_old_paper_stored_with_a_misleading_name_downloads_as_its_format(client):
    paper = PaperFactory(title="Minutes draft")
    paper.file.save("notes.html", SimpleUploadedFile("notes.html", POLYGLOT))
    client.force_login(MembershipFactory().user)
    download = client.get(paper.get_download_url())
    assert 'filename="minutes-draft-v1.pdf"' in download["Content-Disposition"]


def test_papers_are_labelled_like_public_documents(client):
    paper = PaperFactory(title="Survey", file_format="docx", file_size=1_234_567)
    client.force_login(MembershipFactory().user)
    page = client.get(paper.meeting.get_absolute_url()).content.decode()
    assert "(Word document, 1.2\xa0MB)" in page


def test_staff_upload_through_the_admin_records_format_and_size(staff_client):
    publication = PublicationFactory(status=Status.DRAFT)  # its documents are saved as edited
    url = f"/admin/publications/publication/{publication.pk}/change/"
    refused = staff_client.post(
        url, attachment_form(publication, SimpleUploadedFile("x.pdf", b"MZ\x00"))
    )
    assert refused.status_code == 400
    assert "not a PDF, Word" in refused.content.decode()

    upload = SimpleUploadedFile("figures.pdf", DOCX)
    assert staff_client.post(url, attachment_form(publication, upload)).status_code == 302
    attachment = publication.attachments.get()
    assert (attachment.file_format, attachment.file_size) == ("docx", len(DOCX))


def test_downloads_are_served_as_their_content_not_their_name(client):
    html_as_text = SimpleUploadedFile("page.html", b"<script>alert(1)</script>")
    attachment = AttachmentFactory(file=html_as_text, file_format="txt", file_size=25)
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
