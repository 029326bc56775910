"""One bounded sniffer judges every uploaded document, and a zip bomb cannot exhaust memory."""

import contextlib
import io
import os
import re
import struct
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.sniffing import document_sniff

from .samples import DOCX, ODT, PDF, XLSX, validate_attachment, validate_paper, zipped

MIB = 1024 * 1024
# What the sniffer may allocate while judging any file, whatever the file declares.
MEMORY_BOUND = 10 * MIB


def office_package(bomb_method: int, bomb_mib: int, *, level: int | None = None) -> bytes:
    """A small "docx" whose "mimetype" entry expands to bomb_mib MiB of zeros.

    Both old sniffers decompressed "mimetype" whole before anything else.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", b"<Types/>")
        package.writestr("word/document.xml", b"<w:document/>")
        package.compression, package.compresslevel = bomb_method, level
        with package.open("mimetype", "w") as entry:
            chunk = bytes(MIB)
            for _ in range(bomb_mib):
                entry.write(chunk)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def deflate_bomb() -> bytes:
    return office_package(zipfile.ZIP_DEFLATED, 200, level=9)


@pytest.fixture(scope="module")
def bzip2_bomb() -> bytes:
    return office_package(zipfile.ZIP_BZIP2, 100, level=1)


def understating(package: bytes) -> bytes:
    """The same package, its central directory claiming "mimetype" holds only 40 bytes."""
    record = re.search(rb"PK\x01\x02.{42}mimetype", package, re.DOTALL)
    fixed = bytearray(package)
    struct.pack_into("<I", fixed, record.start() + 24, 40)  # the uncompressed size
    return bytes(fixed)


def peak_memory_of(call) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        with contextlib.suppress(ValidationError):
            call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("validate", [validate_attachment, validate_paper])
@pytest.mark.parametrize("bomb", ["deflate_bomb", "bzip2_bomb"])
def test_a_zip_bomb_is_refused_and_memory_stays_flat(request, bomb, validate):
    content = request.getfixturevalue(bomb)
    assert len(content) < MIB, "a small upload, well within the size limit"
    upload = SimpleUploadedFile("report.docx", content)

    assert peak_memory_of(lambda: validate(upload)) < MEMORY_BOUND
    with pytest.raises(ValidationError, match="would unpack to an unreasonable size") as refusal:
        validate(upload)
    assert refusal.value.code == "archive_refused"


def test_an_archive_of_too_many_parts_is_refused_before_its_directory_is_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", b"<Types/>")
        for number in range(50_000):
            package.writestr(f"word/{number}", b"")
    upload = SimpleUploadedFile("report.docx", buffer.getvalue())
    assert upload.size < 5 * MIB

    assert peak_memory_of(lambda: validate_attachment(upload)) < MEMORY_BOUND
    with pytest.raises(ValidationError, match="office programs never use"):
        validate_attachment(upload)


def test_an_archive_understating_its_size_is_read_only_a_few_kib(deflate_bomb):
    upload = SimpleUploadedFile("report.odt", understating(deflate_bomb))
    with zipfile.ZipFile(upload) as archive:
        assert archive.getinfo("mimetype").file_size == 40, "passes the declared-size checks"

    assert peak_memory_of(lambda: validate_attachment(upload)) < MEMORY_BOUND
    with pytest.raises(ValidationError, match="not a PDF, Word"):
        validate_attachment(upload)


def test_a_real_office_file_with_a_large_part_is_accepted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", b"<Types/>")
        # Text that compresses like a real document's XML does, a few times over.
        package.writestr("xl/worksheets/sheet1.xml", os.urandom(3 * MIB).hex().encode())
    upload = SimpleUploadedFile("figures.xlsx", buffer.getvalue())
    assert validate_attachment(upload).label == "Excel spreadsheet"
    assert validate_paper(upload).key == "xlsx"


@pytest.mark.parametrize(
    ("name", "content", "label", "extension"),
    [
        ("page.html", b"<script>alert(1)</script>", "Plain text", "txt"),
        ("polyglot.html", b"%PDF-1.4\n<html><script>alert(1)</script>", "PDF", "pdf"),
        ("data.csv", b"area,cases\nLeeds,12\n", "CSV", "csv"),
    ],
)
def test_the_format_comes_from_the_content(name, content, label, extension):
    found = document_sniff(SimpleUploadedFile(name, content))
    assert (found.label, found.extension) == (label, extension)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", PDF, "pdf"),
        ("report.docx", DOCX, "docx"),
        ("data.xlsx", XLSX, "xlsx"),
        ("report.odt", ODT, "odt"),
        ("data.csv", b"area,cases\nLeeds,12\nHull,30\n", "csv"),
        ("notes.txt", "Plain words, with a pound sign: £5.".encode(), "txt"),
        ("misnamed.docx", PDF, "pdf"),
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
        validate_attachment(SimpleUploadedFile(name, content))


def test_attachments_over_the_size_limit_are_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="the largest allowed is 1000"):
        validate_attachment(SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2000))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "pdf"),
        (zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}), "docx"),
        (zipped({"mimetype": b"application/vnd.oasis.opendocument.text"}), "odt"),
        (b"MZ\x90\x00 an executable", None),
        (b"<html><script>alert(1)</script>", None),
        (zipped({"evil.exe": b"MZ"}), None),
        (b"PK\x03\x04 but not really a zip", None),
    ],
)
def test_paper_files_are_checked_by_content_not_name(content, expected):
    upload = SimpleUploadedFile("looks-fine.pdf", content)
    if expected is None:
        with pytest.raises(ValidationError):
            validate_paper(upload)
    else:
        assert validate_paper(upload).key == expected


def test_paper_files_over_the_size_limit_are_refused(settings):
    settings.PAPER_MAX_BYTES = 50
    with pytest.raises(ValidationError, match="papers can be up to"):
        validate_paper(SimpleUploadedFile("big.pdf", PDF))
