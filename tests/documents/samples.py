"""Small documents of each kind, and the rule each model applies to uploads."""

import io
import zipfile

from documents.validators import DocumentValidator
from expert_group.models import Paper
from publications.models import Attachment

# The smallest file the sniffer takes for a PDF.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def validator_of(model) -> DocumentValidator:
    return next(
        rule
        for rule in model._meta.get_field("file").validators
        if isinstance(rule, DocumentValidator)
    )


validate_attachment = validator_of(Attachment)
validate_paper = validator_of(Paper)
