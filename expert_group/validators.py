"""Meeting papers are checked by what the file is, not by what its name says."""

from django.conf import settings

from documents.sniffing import OFFICE_FORMATS, Format, document_validate


def validate_paper_file(file) -> Format:
    return document_validate(
        file,
        accept=OFFICE_FORMATS,
        max_bytes=settings.PAPER_MAX_BYTES,
        too_big="The file is {size}; papers can be up to {limit}.",
        wrong_format=(
            "Upload a PDF, Word (DOCX), OpenDocument (ODT, ODS, ODP), Excel (XLSX) or "
            "PowerPoint (PPTX) file."
        ),
    )
