import pytest
from django.core.files.base import ContentFile

from formats.forms import started_token
from publications.models import AlternativeFormat, Attachment
from tests.documents.samples import PDF
from tests.publications.factories import AttachmentFactory, PublicationFactory


@pytest.fixture(autouse=True)
def format_settings(settings):
    settings.FORMAT_REQUEST_MIN_FILL_SECONDS = 0
    settings.FORMAT_REQUESTS_EMAIL = ["accessibility@example.org"]


@pytest.fixture
def document(db):
    publication = PublicationFactory(title="Repairing harm", slug="repairing-harm")
    return AttachmentFactory(publication=publication, title="Full report")


def request_url(document) -> str:
    return f"/accessible-formats/{document.publication.slug}/{document.pk}/"


def form_data(**overrides) -> dict:
    data = {
        "format": "easy-read",
        "other_format": "",
        "email": "reader@example.org",
        "name": "Sam Reader",
        "needed_by": "",
        "website": "",
        "started": started_token(),
    }
    data.update(overrides)
    return data


def attach_alternative(document, fmt=AlternativeFormat.EASY_READ, title="Easy Read version"):
    """What staff do in the admin: attach the made file as an alternative of the document."""
    alternative = Attachment(
        publication=document.publication,
        title=title,
        alternative_of=document,
        alternative_format=fmt,
        file=ContentFile(PDF, name="easy-read.pdf"),
    )
    alternative.full_clean()
    alternative.save()
    return alternative


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks, document):
    def post(target=None, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(request_url(target or document), form_data(**overrides))

    return post
