"""A live item's inline rows (a publication's documents, a campaign's milestones) are part of its
revisions: edited, they are a draft, and the public page changes only when it is published."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from campaigns.models import Milestone
from publications.models import Attachment
from publishing.models import Status
from publishing.review import revision_publish
from publishing.revisions import (
    RevisionInvalid,
    revision_head,
    revision_record_current,
    revision_restore,
    working_copy_of,
)
from tests.campaigns.factories import CampaignFactory, MilestoneFactory
from tests.documents.samples import PDF
from tests.factories import TopicFactory, staff_user
from tests.publications.factories import AttachmentFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class _FormReader(HTMLParser):
    """The values a browser would send from the change form, as it was shown."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.setdefault(self._select, []).append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data


def change_url(item) -> str:
    opts = item._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{item.pk}/change/"


def form_as_shown(client, item) -> dict:
    reader = _FormReader()
    reader.feed(client.get(change_url(item)).text)
    values = {name: found for name, found in reader.values.items() if name != "csrfmiddlewaretoken"}
    return {name: found if len(found) > 1 else found[0] for name, found in values.items()}


def save_draft(client, item, **changes):
    data = {**form_as_shown(client, item), **changes, "_continue": "Save draft"}
    response = client.post(change_url(item), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def add_rows(data: dict, prefix: str, *rows: dict) -> dict:
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        data |= {f"{prefix}-{total + offset}-{name}": value for name, value in row.items()}
    return {**data, f"{prefix}-TOTAL_FORMS": str(total + len(rows))}


def test_a_live_publications_documents_change_only_when_the_draft_is_published(
    author, approver, client
):
    publication = PublicationFactory(title="Prison report", slug="prison-report")
    AttachmentFactory(publication=publication, title="Full report")
    editor = client_for(author)
    data = add_rows(
        form_as_shown(editor, publication),
        "attachments",
        {"title": "Easy Read summary", "order": "1", "accessibility": "unchecked",
         "file": SimpleUploadedFile("summary.pdf", PDF)},
    )  # fmt: skip
    data["attachments-0-title"] = "Full report (second edition)"
    save_draft(editor, publication, **data)

    assert list(publication.attachments.values_list("title", flat=True)) == ["Full report"]
    public = client.get("/publications/prison-report/").text
    assert "Full report" in public
    assert "Easy Read summary" not in public and "second edition" not in public

    head = revision_head(publication)
    preview = editor.get(f"/publications/prison-report/?revision={head.pk}").text
    assert "Full report (second edition)" in preview
    assert "Easy Read summary" in preview and "this draft's file, for staff" in preview

    form = editor.get(change_url(publication)).text
    assert 'value="Full report (second edition)"' in form
    assert 'value="Easy Read summary"' in form

    # Saved again as shown (no new upload), the draft's new document keeps its file.
    save_draft(editor, publication, _revision_note="Checked")
    new_row = revision_head(publication).data["attachments"][1]
    assert new_row["id"] is None and new_row["file"].endswith(".pdf")

    revision_publish(item=publication, user=approver)
    titles = list(publication.attachments.values_list("title", flat=True))
    assert titles == ["Full report (second edition)", "Easy Read summary"]
    public = client.get("/publications/prison-report/").text
    assert "Full report (second edition)" in public and "Easy Read summary" in public
    added = publication.attachments.get(title="Easy Read summary")
    assert client.get(added.get_absolute_url()).status_code == 200


def test_a_live_campaigns_milestones_compare_and_publish(author, approver, client):
    campaign = CampaignFactory(title="Votes for victims", slug="votes-for-victims")
    MilestoneFactory(campaign=campaign, title="Campaign launched")
    MilestoneFactory(campaign=campaign, title="Amendment tabled")
    editor = client_for(author)
    data = form_as_shown(editor, campaign)
    data |= {"milestones-0-title": "We launched", "milestones-1-DELETE": "on"}
    data = add_rows(data, "milestones", {"date": "2026-01-05", "kind": "outcome",
                                         "title": "The Bill passed"})  # fmt: skip
    save_draft(editor, campaign, **data)

    assert set(campaign.milestones.values_list("title", flat=True)) == {
        "Campaign launched",
        "Amendment tabled",
    }
    public = client.get("/campaigns/votes-for-victims/").text
    assert "Amendment tabled" in public and "The Bill passed" not in public

    head = revision_head(campaign)
    history = editor.get(f"/admin/campaigns/campaign/{campaign.pk}/history/").text
    assert "milestones" in history
    compare = editor.get(
        f"/admin/campaigns/campaign/{campaign.pk}/history/compare/?a=live&b={head.pk}"
    ).text
    assert "Added: 2026-01-05: The Bill passed" in compare
    assert "Removed: " in compare and "Amendment tabled" in compare
    assert "Changed: " in compare and "We launched (title)" in compare

    preview = editor.get(f"/campaigns/votes-for-victims/?revision={head.pk}").text
    assert "The Bill passed" in preview and "Amendment tabled" not in preview

    revision_publish(item=campaign, user=approver)
    assert set(campaign.milestones.values_list("title", flat=True)) == {
        "We launched",
        "The Bill passed",
    }
    public = client.get("/campaigns/votes-for-victims/").text
    assert "The Bill passed" in public and "Amendment tabled" not in public


def test_restoring_an_old_revision_brings_its_rows_back_as_a_draft(author, approver, client):
    campaign = CampaignFactory(slug="restored")
    MilestoneFactory(campaign=campaign, title="Minister met us")
    old = revision_record_current(item=campaign, user=author)
    editor = client_for(author)
    save_draft(editor, campaign, **{"milestones-0-DELETE": "on"})
    revision_publish(item=campaign, user=approver)
    assert not campaign.milestones.exists()

    restored = revision_restore(revision=old, user=author)
    assert [row["title"] for row in restored.revision.data["milestones"]] == ["Minister met us"]
    assert not campaign.milestones.exists()
    assert "Minister met us" not in client.get("/campaigns/restored/").text
    assert "Minister met us" in editor.get(change_url(campaign)).text

    revision_publish(item=campaign, user=approver)
    assert list(campaign.milestones.values_list("title", flat=True)) == ["Minister met us"]
    assert "Minister met us" in client.get("/campaigns/restored/").text


def test_a_row_whose_publication_was_deleted_restores_with_a_clear_message(author):
    report = PublicationFactory(title="Old report")
    campaign = CampaignFactory()
    MilestoneFactory(campaign=campaign, title="Report out", publication=report)
    old = revision_record_current(item=campaign, user=author)
    old.data["milestones"][0]["publication"] = report.pk + 1000  # deleted since
    old.save()
    with pytest.raises(RevisionInvalid, match="Milestone “Report out”"):
        revision_restore(revision=old, user=author)
    response = client_for(author).post(
        f"/admin/campaigns/campaign/{campaign.pk}/history/{old.pk}/restore/", follow=True
    )
    assert response.status_code == 200
    assert "cannot be restored as it is" in response.text
    assert "Report out" in response.text


def test_a_document_whose_file_is_gone_restores_with_a_clear_message(author):
    attachment = AttachmentFactory(title="Annual report")
    old = revision_record_current(item=attachment.publication, user=author)
    attachment.file.storage.delete(attachment.file.name)
    attachment.delete()
    with pytest.raises(RevisionInvalid, match=r"Annual report.*no longer stored"):
        revision_restore(revision=old, user=author)


def test_a_draft_items_documents_are_saved_as_they_are_edited(author):
    publication = PublicationFactory(status=Status.DRAFT)
    editor = client_for(author)
    data = add_rows(
        form_as_shown(editor, publication),
        "attachments",
        {"title": "Briefing", "order": "0", "accessibility": "unchecked",
         "file": SimpleUploadedFile("briefing.pdf", PDF)},
    )  # fmt: skip
    save_draft(editor, publication, **data)
    saved = Attachment.objects.get(publication=publication)
    assert saved.title == "Briefing"
    # The revision names the saved row, so publishing it later updates rather than duplicates.
    assert working_copy_of(publication).revision.data["attachments"][0]["id"] == saved.pk
    revision_publish(item=publication, user=staff_user(email="boss@example.org"))
    assert Attachment.objects.filter(publication=publication).count() == 1


def test_an_unchanged_save_of_a_milestone_keeps_no_new_revision(author):
    campaign = CampaignFactory()
    MilestoneFactory(campaign=campaign)
    editor = client_for(author)
    save_draft(editor, campaign)
    first = revision_head(campaign)
    save_draft(editor, campaign)
    assert revision_head(campaign).pk == first.pk
    assert Milestone.objects.filter(campaign=campaign).count() == 1


def test_a_drafts_topics_show_in_its_preview_and_go_live_when_published(author, approver, client):
    prisons, courts = TopicFactory(name="Prisons"), TopicFactory(name="Courts")
    publication = PublicationFactory(slug="topical")
    publication.topics.set([prisons])
    editor = client_for(author)
    save_draft(editor, publication, topics=[str(courts.pk)])

    assert ">Prisons<" in client.get("/publications/topical/").text
    preview = editor.get(f"/publications/topical/?revision={revision_head(publication).pk}").text
    assert ">Courts<" in preview and ">Prisons<" not in preview

    revision_publish(item=publication, user=approver)
    public = client.get("/publications/topical/").text
    assert ">Courts<" in public and ">Prisons<" not in public
