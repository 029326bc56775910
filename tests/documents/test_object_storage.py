"""Documents on S3-compatible object storage (a real SeaweedFS): upload, sniff, download,
private access refused, delete, replace."""

import io

import pytest
import urllib3
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from documents.sniffing import document_sniff, pdf_tagged, upload_sniff
from documents.storage import RangedObjectReader, _stored_object, open_for_sniffing
from publications.models import Accessibility
from tests.expert_group.factories import MeetingFactory, MembershipFactory, PaperFactory
from tests.publications.factories import AttachmentFactory, PublicationFactory

from .samples import DOCX, PDF

pytestmark = pytest.mark.django_db

TAGGED_PDF = (
    b"%PDF-1.7\n1 0 obj << /Type /Catalog /MarkInfo << /Marked true >> "
    b"/StructTreeRoot 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def stored_bytes(alias: str, name: str) -> bytes:
    return _stored_object(storages[alias], name).get()["Body"].read()


def test_an_upload_lands_in_the_public_bucket_and_downloads_through_the_site(
    object_storage, client
):
    attachment = AttachmentFactory.build(
        publication=PublicationFactory(), file=ContentFile(DOCX, name="Figures.html")
    )
    attachment.full_clean()
    attachment.save()
    assert attachment.file_format == "docx"
    assert attachment.file.name.endswith(".docx")  # stored under what it really is
    assert stored_bytes("default", attachment.file.name) == DOCX

    response = client.get(attachment.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Length"] == str(len(DOCX))
    assert b"".join(response.streaming_content) == DOCX


def test_a_stored_file_is_sniffed_without_fetching_all_of_it(object_storage):
    big = TAGGED_PDF[:-6] + b"%" + b"0" * (6 * 1024 * 1024) + b"\n%%EOF\n"
    name = storages["default"].save("reports/big.pdf", ContentFile(big))
    raw = RangedObjectReader(_stored_object(storages["default"], name), name)
    handle = io.BufferedReader(raw, buffer_size=64 * 1024)
    assert document_sniff(handle).key == "pdf"
    assert pdf_tagged(handle) is True
    # Its head and its tail (the PDF's two 256 KiB windows), not the 6 MiB between.
    assert raw.bytes_fetched < 1024 * 1024 < raw.size


def test_a_committed_file_is_sniffed_from_the_bucket(object_storage):
    attachment = AttachmentFactory(file=ContentFile(PDF, name="report.pdf"))
    attachment.file.open("rb").close()
    assert upload_sniff(attachment.file).key == "pdf"
    with open_for_sniffing(attachment.file.storage, attachment.file.name) as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_tagged_pdf_upload_is_marked_accessible_from_its_content(object_storage):
    attachment = AttachmentFactory.build(
        publication=PublicationFactory(),
        file=ContentFile(TAGGED_PDF, name="report.pdf"),
        accessibility=Accessibility.UNCHECKED,
    )
    attachment.full_clean()
    attachment.save()
    assert attachment.accessibility == Accessibility.ACCESSIBLE


def test_papers_go_to_the_private_bucket_and_only_members_get_them(object_storage, client):
    paper = PaperFactory(meeting=MeetingFactory())
    assert stored_bytes("private", paper.file.name).startswith(b"%PDF-")
    with pytest.raises(FileNotFoundError):
        _stored_object(storages["default"], paper.file.name)  # not in the public bucket

    url = reverse("expert_group:paper-download", args=[paper.pk])
    assert client.get(url).status_code in (302, 403, 404)  # anonymous: sent to sign in
    client.force_login(MembershipFactory().user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_neither_bucket_answers_anyone_without_the_keys(object_storage, s3_server):
    paper = PaperFactory()
    attachment = AttachmentFactory()
    http = urllib3.PoolManager()
    for bucket, name in (
        (object_storage["private_bucket"], paper.file.name),
        (object_storage["public_bucket"], attachment.file.name),
    ):
        answer = http.request("GET", f"{s3_server.endpoint_url}/{bucket}/{name}")
        assert answer.status == 403
        listing = http.request("GET", f"{s3_server.endpoint_url}/{bucket}/")
        assert listing.status == 403
    stranger = s3_server.client(access_key="someone", secret_key="guessed")
    with pytest.raises(Exception, match=r"(?i)denied|invalid|forbidden|signature"):
        stranger.get_object(Bucket=object_storage["private_bucket"], Key=paper.file.name)


def test_a_deleted_file_is_a_404_not_a_500(object_storage, client):
    attachment = AttachmentFactory()
    attachment.file.storage.delete(attachment.file.name)
    assert not attachment.file.storage.exists(attachment.file.name)
    assert client.get(attachment.get_download_url()).status_code == 404


def test_a_replaced_file_gets_a_name_of_its_own_and_the_new_content(object_storage, client):
    first = AttachmentFactory(file=ContentFile(PDF, name="report.pdf"))
    second = AttachmentFactory(
        publication=first.publication, file=ContentFile(TAGGED_PDF, name="report.pdf")
    )
    assert first.file.name != second.file.name  # nothing overwritten
    assert stored_bytes("default", first.file.name) == PDF
    first.file = ContentFile(TAGGED_PDF, name="report.pdf")
    first.file_size = len(TAGGED_PDF)
    first.save()
    assert b"".join(client.get(first.get_download_url()).streaming_content) == TAGGED_PDF
