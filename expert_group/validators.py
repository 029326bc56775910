"""Meeting papers are checked by what the file is, not by what its name says."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# Office Open XML packages hold a part under this folder; OpenDocument names its type in "mimetype".
OOXML_FOLDERS = {"word/": "DOCX", "xl/": "XLSX", "ppt/": "PPTX"}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
}
MIMETYPES = {
    "PDF": "application/pdf",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "PPTX": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ODT": "application/vnd.oasis.opendocument.text",
    "ODS": "application/vnd.oasis.opendocument.spreadsheet",
    "ODP": "application/vnd.oasis.opendocument.presentation",
}


def detect_format(file) -> str | None:
    """The document format of an open file ("PDF", "DOCX", …), or None if not one we accept."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "PDF"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(file) as package:
            names = package.namelist()
            if "mimetype" in names:
                return ODF_TYPES.get(package.read("mimetype").decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                for folder, label in OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return label
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)
    return None


def validate_paper_file(file) -> None:
    if file.size > settings.PAPER_MAX_BYTES:
        raise ValidationError(
            f"The file is {filesizeformat(file.size)}; papers can be up to "
            f"{filesizeformat(settings.PAPER_MAX_BYTES)}."
        )
    if detect_format(file) is None:
        raise ValidationError(
            "Upload a PDF, Word (DOCX), OpenDocument (ODT, ODS, ODP), Excel (XLSX) or "
            "PowerPoint (PPTX) file."
        )
