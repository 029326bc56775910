"""Public attachments: what may be uploaded, and a minimal PDF for demo content."""

import io

from django.conf import settings

from documents.sniffing import ALL_FORMATS, Format, document_validate


def validate_document(file) -> Format:
    return document_validate(
        file,
        accept=ALL_FORMATS,
        max_bytes=settings.ATTACHMENT_MAX_BYTES,
        too_big="This file is {size}; the largest allowed is {limit}.",
        wrong_format=(
            "This file is not a PDF, Word, Excel, PowerPoint, OpenDocument, CSV or plain text "
            "document."
        ),
    )


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
