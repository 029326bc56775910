"""Upgrading keeps every attachment's format, size and place under the fields' new names."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("publications", "0004_admin_help_texts")]
AFTER = [("publications", "0005_attachment_document_fields")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_attachments_keep_their_format_size_and_place():
    publication = PublicationFactory()
    old = migrate(BEFORE)
    old.get_model("publications", "Attachment").objects.create(
        publication_id=publication.pk,
        title="Full report",
        file="publications/2024/report.pdf",
        file_type="pdf",
        size=1_234_567,
        position=2,
    )
    new = migrate(AFTER)
    attachment = new.get_model("publications", "Attachment").objects.get()
    assert (attachment.file_format, attachment.file_size, attachment.order) == (
        "pdf",
        1_234_567,
        2,
    )
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
