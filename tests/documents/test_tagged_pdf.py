"""A tagged PDF is recognised by a bounded look at its catalogue, and pre-fills the attachment's
accessibility; alternative formats (audio, video, Braille) are recognised by their content."""

import io
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.sniffing import PDF_WINDOW_BYTES, document_sniff, pdf_tagged
from publications.models import Accessibility, Attachment
from tests.publications.factories import PublicationFactory

TAGGED_CATALOG = (
    b"<< /Type /Catalog /Pages 2 0 R /MarkInfo << /Marked true >> /StructTreeRoot 9 0 R >>"
)
# Keys in another order, nested dictionary first, as some writers put them.
TAGGED_REORDERED = b"<</MarkInfo<</Marked true>>/Lang(en-GB)/StructTreeRoot 9 0 R/Type/Catalog>>"
UNTAGGED_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
MARKED_FALSE = b"<< /Type /Catalog /MarkInfo << /Marked false >> /StructTreeRoot 9 0 R >>"


def pdf(catalog: bytes, *, padding: int = 0, at_end: bool = True) -> io.BytesIO:
    body = b"%PDF-1.7\n"
    filler = b"% padding\n" * (padding // 10)
    obj = b"1 0 obj\n" + catalog + b"\nendobj\n"
    struct = b"9 0 obj\n<< /Type /StructTreeRoot /K [] >>\nendobj\n"
    parts = [filler, struct, obj] if at_end else [obj, struct, filler]
    return io.BytesIO(body + b"".join(parts) + b"trailer << /Root 1 0 R >>\n%%EOF\n")


def catalog_in_the_middle() -> io.BytesIO:
    filler = b"% padding\n" * PDF_WINDOW_BYTES
    return io.BytesIO(
        b"%PDF-1.7\n" + filler + b"1 0 obj\n" + TAGGED_CATALOG + b"\nendobj\n" + filler
    )


def object_stream_pdf(catalog: bytes) -> io.BytesIO:
    objects = b"1 0 " + catalog
    data = zlib.compress(objects)
    stream = (
        b"5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(data)).encode()
        + b" >>\nstream\n"
        + data
        + b"\nendstream\nendobj\n"
    )
    return io.BytesIO(b"%PDF-1.7\n" + stream + b"trailer << /Root 1 0 R >>\n%%EOF\n")


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        (pdf(TAGGED_CATALOG), True),
        (pdf(TAGGED_REORDERED), True),
        (pdf(UNTAGGED_CATALOG), False),
        (pdf(MARKED_FALSE), False),
        (object_stream_pdf(TAGGED_CATALOG), True),
        (object_stream_pdf(UNTAGGED_CATALOG), False),
        # A big file's catalogue near its start or end is found…
        (pdf(TAGGED_CATALOG, padding=3 * PDF_WINDOW_BYTES), True),
        (pdf(TAGGED_CATALOG, padding=3 * PDF_WINDOW_BYTES, at_end=False), True),
        # …but one in the middle is not looked for: unknown, not "untagged".
        (catalog_in_the_middle(), None),
        (io.BytesIO(b"%PDF-1.4\nno catalogue at all\n%%EOF"), None),
    ],
)  # fmt: skip
def test_tagged_pdfs_are_recognised(file, expected):
    assert pdf_tagged(file) is expected
    assert file.tell() == 0


class CountingFile(io.BytesIO):
    read_bytes = 0

    def read(self, size=-1):
        data = super().read(size)
        self.read_bytes += len(data)
        return data


def test_a_huge_pdf_is_read_only_at_its_ends():
    huge = CountingFile(pdf(UNTAGGED_CATALOG, padding=40 * 1024 * 1024).getvalue())
    assert pdf_tagged(huge) is False
    assert huge.read_bytes <= 2 * PDF_WINDOW_BYTES


def test_an_object_stream_is_decompressed_boundedly():
    bomb = zlib.compress(b" " * (200 * 1024 * 1024), 9)
    file = io.BytesIO(
        b"%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /Filter /FlateDecode >>\nstream\n"
        + bomb[: PDF_WINDOW_BYTES // 2]
        + b"\nendstream\nendobj\n%%EOF\n"
    )
    assert pdf_tagged(file) is None


@pytest.mark.parametrize(
    ("content", "name", "key"),
    [
        (b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(64), "talk.mp3", "mp3"),
        (b"\xff\xfb\x90\x64" + bytes(64), "talk.bin", "mp3"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00" + bytes(64), "talk.m4a", "m4a"),
        (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00" + bytes(64), "bsl.mp4", "mp4"),
        (b"\x00\x00\x00\x20ftypqt  \x00\x00\x02\x00" + bytes(64), "film.mov", None),
        (b",,A ,,SUMM>Y\n", "summary.brf", "brf"),
        (b",,A ,,SUMM>Y\n", "summary.txt", "txt"),
    ],
)
def test_alternative_formats_are_recognised(content, name, key):
    found = document_sniff(SimpleUploadedFile(name, content))
    assert (found.key if found else None) == key


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("catalog", "chosen", "expected"),
    [
        (TAGGED_CATALOG, Accessibility.UNCHECKED, Accessibility.ACCESSIBLE),
        (UNTAGGED_CATALOG, Accessibility.UNCHECKED, Accessibility.LIMITED),
        (b"<< /Pages 2 0 R >>", Accessibility.UNCHECKED, Accessibility.UNCHECKED),
        # What staff chose stands.
        (TAGGED_CATALOG, Accessibility.LIMITED, Accessibility.LIMITED),
    ],
)
def test_an_uploaded_pdf_prefills_its_accessibility(catalog, chosen, expected):
    attachment = Attachment(
        publication=PublicationFactory(),
        title="Report",
        accessibility=chosen,
        file=ContentFile(pdf(catalog).getvalue(), name="report.pdf"),
    )
    attachment.full_clean()
    assert attachment.accessibility == expected
