"""The publication page says how accessible each document is, lists its alternative formats
beside it, and links to the request form; both pages run a fixed number of queries."""

import pytest

from publications.models import Accessibility, AlternativeFormat
from tests.publications.factories import AttachmentFactory, PublicationFactory

from .conftest import attach_alternative, request_url

pytestmark = pytest.mark.django_db


def test_each_document_says_whether_it_suits_assistive_technology(client):
    publication = PublicationFactory()
    tagged = AttachmentFactory(
        publication=publication, title="Tagged", accessibility=Accessibility.ACCESSIBLE
    )
    AttachmentFactory(publication=publication, title="Scanned", accessibility=Accessibility.LIMITED)
    AttachmentFactory(publication=publication, title="New")
    html = client.get(publication.get_absolute_url()).content.decode()
    label = tagged.label.replace(" bytes", "\xa0bytes")
    assert f'Tagged</a> <span class="meta">({label} · accessible (tagged PDF))' in html
    assert f"({label} · may not suit assistive technology)" in html
    assert f"({label} · accessibility not yet checked)" in html
    assert html.count("Request a different format<span") == 3


def test_alternatives_are_listed_under_their_original_not_beside_it(client, document):
    alternative = attach_alternative(document, fmt=AlternativeFormat.LARGE_PRINT, title="Big")
    html = client.get(document.publication.get_absolute_url()).content.decode()
    assert html.count(f'href="{alternative.get_absolute_url()}"') == 1
    original_at = html.index(f'href="{document.get_absolute_url()}"')
    listed_at = html.index('aria-label="Other formats of Full report"')
    assert original_at < listed_at < html.index("Large print: Big")


def make_documents(count: int):
    publication = PublicationFactory()
    for n in range(count):
        original = AttachmentFactory(publication=publication, title=f"Document {n}")
        for fmt in (AlternativeFormat.AUDIO, AlternativeFormat.EASY_READ):
            AttachmentFactory(
                publication=publication, alternative_of=original, alternative_format=fmt
            )
    return original


@pytest.mark.parametrize("count", [1, 12])
def test_publication_page_query_count_is_constant(client, django_assert_num_queries, count):
    publication = make_documents(count).publication
    # As before alternatives existed: they come with the attachments.
    with django_assert_num_queries(5):
        response = client.get(publication.get_absolute_url())
    assert response.content.decode().count("Need a format not listed?") == count


@pytest.mark.parametrize("count", [1, 12])
def test_request_page_query_count_is_constant(client, django_assert_num_queries, count):
    document = make_documents(count)
    # The document with its publication; its alternatives (with the same publication).
    with django_assert_num_queries(2):
        assert client.get(request_url(document)).status_code == 200
