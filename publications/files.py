"""What an attachment really is, judged by its content rather than its name."""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

LABELS = {
    "pdf": "PDF",
    "docx": "Word document",
    "xlsx": "Excel spreadsheet",
    "odt": "OpenDocument text",
    "ods": "OpenDocument spreadsheet",
    "csv": "CSV",
    "txt": "Plain text",
}
# What each format is served as: from its content, never from the name it was uploaded with.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}
# The entry each zip-based office format must contain.
ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
OPENDOCUMENT_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
SNIFF_BYTES = 8192


def _zip_kind(head: bytes, file) -> str | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return OPENDOCUMENT_MIMETYPES.get(archive.read("mimetype").strip())
            for kind, marker in ZIP_MARKERS.items():
                if marker in names and "[Content_Types].xml" in names:
                    return kind
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def _text_kind(head: bytes, name: str) -> str | None:
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off at the end of the sample is still text.
        if error.start < len(head) - 4:
            return None
        text = head[: error.start].decode("utf-8")
    if name.lower().endswith(".csv") and "," in text:
        return "csv"
    return "txt"


def document_kind(file) -> str:
    """The document's format ("pdf", "docx", …); ValidationError if it is none we accept."""
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(head, file)
    else:
        kind = _text_kind(head, getattr(file, "name", "") or "")
    file.seek(0)
    if kind is None:
        raise ValidationError(
            "This file is not a PDF, Word, Excel, OpenDocument, CSV or plain text document.",
            code="file_type",
        )
    return kind


def validate_document(file) -> None:
    limit = settings.ATTACHMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            f"This file is {filesizeformat(file.size)}; the largest allowed is "
            f"{filesizeformat(limit)}.",
            code="file_size",
        )
    document_kind(file)


def minimal_pdf(title: str) -> bytes:
    """A small, valid one-page PDF showing the title: demo attachments need no library."""
    safe = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    safe = safe.encode("latin-1", "replace").decode("latin-1")
    stream = f"BT /F1 18 Tf 72 720 Td ({safe}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()
