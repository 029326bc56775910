"""Attachments are judged by what they contain, not what they are called."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from documents.sniffing import document_sniff
from publications.files import minimal_pdf, validate_document
from publications.models import Attachment
from tests.factories import staff_user
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", minimal_pdf("Report"), "pdf"),
        ("report.docx", DOCX, "docx"),
        ("data.xlsx", XLSX, "xlsx"),
        ("report.odt", ODT, "odt"),
        ("data.csv", b"area,cases\nLeeds,12\nHull,30\n", "csv"),
        ("notes.txt", "Plain words, with a pound sign: £5.".encode(), "txt"),
        ("misnamed.docx", minimal_pdf("Really a PDF"), "pdf"),
    ],
)
def test_accepted_documents_are_recognised_by_content(name, content, kind):
    assert document_sniff(SimpleUploadedFile(name, content)).key == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00 an executable, not a PDF"),
        ("report.docx", zipped({"payload.exe": b"MZ"})),
        ("image.pdf", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("broken.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_other_files_are_refused_whatever_their_name(name, content):
    with pytest.raises(ValidationError, match="not a PDF, Word"):
        validate_document(SimpleUploadedFile(name, content))


def test_files_over_the_size_limit_are_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="the largest allowed is 1000"):
        validate_document(SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2000))


def test_labels_give_format_and_size():
    assert Attachment(file_type="pdf", size=1_234_567).label == "PDF, 1.2\xa0MB"
    assert Attachment(file_type="docx", size=2048).label == "Word document, 2.0\xa0KB"


def test_minimal_demo_pdf_is_well_formed():
    pdf = minimal_pdf("The cost of an entitlement (2016)")
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    offset = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[offset:].startswith(b"xref")


def test_staff_upload_through_the_admin_records_type_and_size(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    publication = PublicationFactory(slug="with-files")
    staff = Client()
    staff.force_login(staff_user())
    form = {
        "title": publication.title, "slug": "with-files", "kind": "briefing",
        "summary": "s", "body": "<p>b</p>", "published_on": "2022-01-01", "authors": "",
        "status": "published", "publish_at_0": "", "publish_at_1": "", "review_by": "",
        "seo_title": "", "seo_description": "", "social_image_alt": "",
        "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
        "attachments-0-title": "Data", "attachments-0-position": "0",
    }  # fmt: skip
    url = f"/admin/publications/publication/{publication.pk}/change/"
    refused = staff.post(url, form | {"attachments-0-file": SimpleUploadedFile("x.pdf", b"MZ\x00")})
    assert refused.status_code == 200
    assert "not a PDF, Word" in refused.content.decode()

    upload = SimpleUploadedFile("figures.pdf", DOCX)
    assert staff.post(url, form | {"attachments-0-file": upload}).status_code == 302
    attachment = publication.attachments.get()
    assert (attachment.file_type, attachment.size) == ("docx", len(DOCX))


def test_downloads_are_served_as_their_content_not_their_name(client, tmp_path, settings):
    from tests.publications.factories import AttachmentFactory

    settings.MEDIA_ROOT = tmp_path
    html_as_text = SimpleUploadedFile("page.html", b"<script>alert(1)</script>")
    attachment = AttachmentFactory(file=html_as_text, file_type="txt", size=25)
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
