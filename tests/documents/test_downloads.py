"""The one download helper: what a document really is, and who may keep a copy."""

import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from documents.downloads import document_response
from tests.expert_group.factories import PaperFactory
from tests.publications.factories import AttachmentFactory

from .samples import DOCX

pytestmark = pytest.mark.django_db


def test_a_public_document_opens_in_the_browser_and_caches_may_keep_it_a_minute():
    attachment = AttachmentFactory(file=ContentFile(DOCX, name="Figures.html"), file_format="docx")
    response = document_response(attachment, private=False)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'inline; filename="Figures.docx"'
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=60"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == DOCX


def test_a_private_document_is_saved_as_a_file_and_never_cached():
    paper = PaperFactory(title="Budget")
    response = document_response(paper, private=True, as_attachment=True)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="budget-v1.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_a_missing_file_is_a_404():
    attachment = AttachmentFactory()
    attachment.file.storage.delete(attachment.file.name)
    with pytest.raises(Http404):
        document_response(attachment, private=False)
