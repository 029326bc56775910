"""A file added or replaced in a draft of a live publication: the change form shows it as the
current file, the preview links to it for staff only, and publishing makes it the live one."""

import re

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile

from publications.models import Attachment
from publishing.review import item_unpublish, revision_publish
from publishing.review_links import review_link_create
from publishing.revisions import revision_head
from tests.documents.samples import PDF, zipped
from tests.factories import UserFactory, staff_user
from tests.publications.factories import AttachmentFactory, PublicationFactory
from tests.publishing.test_revised_rows import (
    add_rows,
    change_url,
    client_for,
    form_as_shown,
    save_draft,
)

pytestmark = pytest.mark.django_db

SECOND_EDITION = PDF.replace(b"%%EOF", b"% second edition\n%%EOF")
CURRENTLY = re.compile(r'Currently: <a href="([^"]+)">([^<]+)</a>')


def currently_shown(client, item) -> dict[str, str]:
    """What the change form says of each document's current file: its name and link."""
    form = client.get(change_url(item)).text
    return {name: url for url, name in CURRENTLY.findall(form)}


def drafted_row(item, title: str) -> dict:
    return next(row for row in revision_head(item).data["attachments"] if row["title"] == title)


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_document_added_in_a_draft_is_current_in_the_form_and_kept_when_saved_again(
    author, approver, client
):
    publication = PublicationFactory(slug="prison-report")
    editor = client_for(author)
    data = add_rows(
        form_as_shown(editor, publication),
        "attachments",
        {"title": "Easy Read summary", "order": "0", "accessibility": "unchecked",
         "file": SimpleUploadedFile("summary.pdf", PDF)},
    )  # fmt: skip
    save_draft(editor, publication, **data)

    shown = currently_shown(editor, publication)
    assert list(shown) == ["summary.pdf"]
    assert downloaded(editor.get(shown["summary.pdf"])) == PDF

    # Saved again as shown (no new upload), the draft keeps the file and still shows it.
    save_draft(editor, publication, title="Prison report (revised)")
    assert drafted_row(publication, "Easy Read summary")["file"].endswith("summary.pdf")
    assert list(currently_shown(editor, publication)) == ["summary.pdf"]

    revision_publish(item=publication, user=approver)
    added = publication.attachments.get(title="Easy Read summary")
    assert default_storage.exists(added.file.name)
    response = client.get(added.get_absolute_url())
    assert response.status_code == 200 and downloaded(response) == PDF


def test_a_drafts_new_file_waits_in_the_private_storage(author):
    publication = PublicationFactory()
    editor = client_for(author)
    data = add_rows(
        form_as_shown(editor, publication),
        "attachments",
        {"title": "Briefing", "order": "0", "accessibility": "unchecked",
         "file": SimpleUploadedFile("briefing.pdf", PDF)},
    )  # fmt: skip
    save_draft(editor, publication, **data)
    name = drafted_row(publication, "Briefing")["file"]
    assert storages["private"].exists(name)
    assert not default_storage.exists(name)


def test_a_file_replaced_in_a_draft_is_previewed_for_staff_and_live_once_published(
    author, approver, client
):
    publication = PublicationFactory(slug="annual-report")
    live = AttachmentFactory(
        publication=publication, title="Full report", file=SimpleUploadedFile("full.pdf", PDF)
    )
    editor = client_for(author)
    save_draft(
        editor,
        publication,
        **{"attachments-0-file": SimpleUploadedFile("second-edition.pdf", SECOND_EDITION)},
    )

    assert downloaded(client.get(live.get_absolute_url())) == PDF  # the public keep the live one
    form_link = currently_shown(editor, publication)["second-edition.pdf"]

    head = revision_head(publication)
    side_by_side = editor.get(
        f"/admin/publications/publication/{publication.pk}/preview/?revision={head.pk}"
    )
    framed = re.search(r'<iframe src="([^"]+)"', side_by_side.text)[1]
    for preview_url in (f"/publications/annual-report/?revision={head.pk}", framed):
        preview = editor.get(preview_url).text
        assert f'<a href="{form_link}">Full report</a>' in preview
        assert live.get_absolute_url() not in preview

    response = editor.get(form_link)
    assert downloaded(response) == SECOND_EDITION
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/pdf"

    revision_publish(item=publication, user=approver)
    assert downloaded(client.get(live.get_absolute_url())) == SECOND_EDITION
    public = client.get("/publications/annual-report/").text
    assert f'<a href="{live.get_absolute_url()}">Full report</a>' in public
    assert editor.get(form_link).status_code == 404  # no revision names the draft's file now


def test_a_drafts_file_is_not_found_for_anyone_else(author, client):
    publication = PublicationFactory()
    AttachmentFactory(publication=publication, title="Full report")
    editor = client_for(author)
    save_draft(
        editor,
        publication,
        **{"attachments-0-file": SimpleUploadedFile("second-edition.pdf", SECOND_EDITION)},
    )
    link = currently_shown(editor, publication)["second-edition.pdf"]
    visitor = client_for(UserFactory())
    campaigner = client_for(
        staff_user(email="cam@example.org", is_superuser=False,
                   permissions=("campaigns.view_campaign", "campaigns.change_campaign"))
    )  # fmt: skip
    for someone in (client, visitor, campaigner):
        assert someone.get(link).status_code == 404
    guessed = link.replace("second-edition.pdf", "other.pdf")
    elsewhere = link.replace(f"/{publication.pk}/", f"/{publication.pk + 1}/")
    for address in (guessed, elsewhere):
        assert editor.get(address).status_code == 404
    assert editor.get(link).status_code == 200


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"MZ\x90\x00 a program, not a document", id="a program"),
        pytest.param(zipped({f"part{i}.xml": b"" for i in range(5001)}), id="a zip trap"),
    ],
)
def test_a_bad_file_in_a_draft_is_a_form_error(author, content):
    publication = PublicationFactory()
    AttachmentFactory(publication=publication, title="Full report")
    editor = client_for(author)
    data = {
        **form_as_shown(editor, publication),
        "attachments-0-file": SimpleUploadedFile("report.pdf", content),
        "_continue": "Save draft",
    }
    response = editor.post(change_url(publication), data)
    assert response.status_code == 400
    assert 'class="errornote"' in response.text
    assert "cannot be accepted" in response.text or "This file is not a PDF" in response.text
    assert not storages["private"].exists("drafts")
    assert Attachment.objects.get(publication=publication).file_format == "pdf"


def test_an_address_with_a_nul_is_not_found(author):
    publication = PublicationFactory()
    kind = "publications.publication"
    response = client_for(author).get(f"/preview/files/{kind}/{publication.pk}/drafts/a%00.pdf")
    assert response.status_code == 404


def test_a_reviewer_outside_sees_the_drafts_document_without_a_link(author, client):
    publication = PublicationFactory()
    AttachmentFactory(publication=publication, title="Full report")
    editor = client_for(author)
    save_draft(
        editor,
        publication,
        **{"attachments-0-file": SimpleUploadedFile("second-edition.pdf", SECOND_EDITION)},
    )
    link = currently_shown(editor, publication)["second-edition.pdf"]
    _review_link, url = review_link_create(
        item=publication, shared_with="Legal adviser", created_by=author, days=7
    )
    token = url.split("#")[1]
    page = client.post("/review/", {"token": token}).text
    assert "Full report" in page and "it downloads once published" in page
    assert link not in page and "/documents/" not in page


def test_a_document_drafted_while_live_is_kept_when_the_item_is_unpublished_and_saved(
    author, client
):
    publication = PublicationFactory(slug="taken-back")
    editor = client_for(author)
    data = add_rows(
        form_as_shown(editor, publication),
        "attachments",
        {"title": "Briefing", "order": "0", "accessibility": "unchecked",
         "file": SimpleUploadedFile("briefing.pdf", PDF)},
    )  # fmt: skip
    save_draft(editor, publication, **data)
    item_unpublish(item=publication, user=author)

    save_draft(editor, publication)  # a draft item's rows are saved as they are edited
    saved = publication.attachments.get(title="Briefing")
    assert default_storage.exists(saved.file.name)
    assert downloaded(editor.get(saved.get_absolute_url())) == PDF


def test_on_object_storage_a_drafts_file_waits_in_the_private_bucket(
    object_storage, author, approver, client
):
    publication = PublicationFactory()
    live = AttachmentFactory(publication=publication, title="Full report")
    editor = client_for(author)
    save_draft(
        editor,
        publication,
        **{"attachments-0-file": SimpleUploadedFile("second-edition.pdf", SECOND_EDITION)},
    )
    name = drafted_row(publication, "Full report")["file"]
    assert storages["private"].exists(name) and not default_storage.exists(name)
    link = currently_shown(editor, publication)["second-edition.pdf"]
    assert downloaded(editor.get(link)) == SECOND_EDITION

    revision_publish(item=publication, user=approver)
    live.refresh_from_db()
    assert default_storage.exists(live.file.name)
    assert downloaded(client.get(live.get_absolute_url())) == SECOND_EDITION
