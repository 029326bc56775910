"""Public attachments and private papers are one kind of thing: a Document."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from expert_group.models import Paper
from publications.models import Attachment

from .samples import DOCX, PDF


@pytest.mark.parametrize("model", [Attachment, Paper])
def test_labels_give_format_and_size(model):
    assert model(file_format="pdf", file_size=1_234_567).label == "PDF, 1.2\xa0MB"
    assert model(file_format="docx", file_size=2048).label == "Word document, 2.0\xa0KB"
    assert model(file_format="", file_size=10).label == "File, 10\xa0bytes"


def test_an_attachment_downloads_under_its_stored_name_with_its_real_extension():
    attachment = Attachment(file="publications/2024/annual-report.bin", file_format="pdf")
    assert attachment.download_name == "annual-report.pdf"
    assert attachment.content_type == "application/pdf"


def test_a_paper_downloads_under_its_title_and_version():
    paper = Paper(title="Budget 2025/26", version=3, file="papers/x.pdf", file_format="xlsx")
    assert paper.download_name == "budget-202526-v3.xlsx"
    assert Paper(title="!!", file_format="").download_name == "paper-v1.bin"


@pytest.mark.parametrize("model", [Attachment, Paper])
def test_a_new_upload_is_described_and_renamed_after_what_it_is(model):
    document = model(file=SimpleUploadedFile("Annual Figures.pdf", DOCX))
    document.describe_file()
    assert (document.file_format, document.file_size) == ("docx", len(DOCX))
    assert document.file.name == "annual-figures.docx"


def test_an_unknown_upload_has_no_format_and_keeps_its_name():
    document = Attachment(file=SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n"))
    document.describe_file()
    assert (document.file_format, document.file_size, document.file.name) == ("", 8, "photo.png")


@pytest.mark.django_db
def test_a_stored_file_is_described_without_being_renamed():
    from tests.publications.factories import AttachmentFactory

    attachment = AttachmentFactory(file_format="", file_size=0)
    name = attachment.file.name
    attachment.describe_file()
    assert (attachment.file_format, attachment.file_size, attachment.file.name) == (
        "pdf",
        len(PDF),
        name,
    )
