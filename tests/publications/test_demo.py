"""Each demo publication comes with a real, well-formed PDF."""

import pytest

from documents.sniffing import document_sniff
from publications import demo
from publications.models import Attachment


def test_each_demo_publication_has_a_well_formed_pdf():
    for entry in demo.PUBLICATIONS:
        path = demo.DEMO_FILES / f"{entry['slug']}.pdf"
        pdf = path.read_bytes()
        assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
        offset = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
        assert pdf[offset:].startswith(b"xref"), path.name
        with path.open("rb") as file:
            assert document_sniff(file).key == "pdf"


@pytest.mark.django_db
def test_demo_attachments_are_described_like_uploads():
    demo.load()
    demo.load()
    attachments = Attachment.objects.select_related("publication")
    assert attachments.count() == len(demo.PUBLICATIONS)
    for attachment in attachments:
        assert attachment.label.startswith("PDF, ")
        assert (
            attachment.file.read()
            == (demo.DEMO_FILES / f"{attachment.publication.slug}.pdf").read_bytes()
        )
