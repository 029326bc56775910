"""The editorial workflow: drafts of live items, revisions, review, restore, conflicts, audit."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cja_site.models import Page
from directory.models import Service
from notifications.models import Email
from publications.models import Publication
from publishing.compare import versions_compare, words_diff
from publishing.models import AuditEntry, ReviewPolicy, ReviewRule, Status, WorkingCopy
from publishing.review import (
    ReviewRefused,
    item_unpublish,
    review_required,
    revision_publish,
    revision_send_back,
    revision_submit,
)
from publishing.revisions import (
    DraftConflict,
    RevisionInvalid,
    live_data,
    revision_head,
    revision_restore,
    revision_save,
    revisions_of,
    working_copy_of,
)
from tests.campaigns.factories import CampaignFactory
from tests.factories import PageFactory, TopicFactory, staff_user
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

AUTHOR_PERMISSIONS = (
    "publications.view_publication",
    "publications.change_publication",
    "publications.add_publication",
)
APPROVER_PERMISSIONS = (*AUTHOR_PERMISSIONS, "publications.publish_publication")


@pytest.fixture
def author():
    return staff_user(
        is_superuser=False, email="sam@example.org", full_name="Sam", permissions=AUTHOR_PERMISSIONS
    )


@pytest.fixture
def approver():
    return staff_user(
        is_superuser=False,
        email="alex@example.org",
        full_name="Alex",
        permissions=APPROVER_PERMISSIONS,
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_of(publication, **overrides) -> dict:
    data = {
        "title": publication.title,
        "slug": publication.slug,
        "kind": publication.kind,
        "summary": publication.summary,
        "body": publication.body,
        "published_on": publication.published_on.isoformat(),
        "authors": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "review_by": "",
        "seo_title": "",
        "seo_description": "",
        "social_image_alt": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "_based_on": str(getattr(revision_head(publication), "pk", "") or ""),
        "_continue": "Save draft",
    }
    return data | overrides


def change_url(item) -> str:
    return f"/admin/publications/publication/{item.pk}/change/"


def test_editing_a_live_item_saves_a_draft_and_leaves_the_public_page_alone(author, client):
    topic = TopicFactory(name="Prisons")
    publication = PublicationFactory(title="Prison report", slug="prison-report", topics=[topic])
    editor = client_for(author)
    response = editor.post(
        change_url(publication),
        form_of(publication, title="Prison report (revised)", topics=[], _revision_note="Retitled"),
    )
    assert response.status_code == 302

    publication.refresh_from_db()
    assert publication.title == "Prison report"
    assert list(publication.topics.all()) == [topic]
    assert "Prison report (revised)" not in client.get("/publications/prison-report/").text

    working_copy = working_copy_of(publication)
    assert working_copy.revision.data["title"] == "Prison report (revised)"
    assert working_copy.revision.data["topics"] == []
    assert working_copy.revision.note == "Retitled"
    assert set(working_copy.revision.changed) == {"title", "topics"}

    form = editor.get(change_url(publication)).text
    assert "Draft changes not yet published" in form and "by Sam" in form
    assert 'value="Prison report (revised)"' in form
    # Without the publish permission there is no Publish button, only Submit for review.
    assert 'name="_submit"' in form and 'name="_publish"' not in form


def test_the_form_of_a_live_item_without_changes_says_live(approver):
    publication = PublicationFactory()
    form = client_for(approver).get(change_url(publication)).text
    assert "<strong>Live</strong>" in form


def test_review_by_another_approver_then_publish(author, approver, mailoutbox):
    publication = PublicationFactory(title="Old title", slug="old")
    client_for(author).post(change_url(publication), form_of(publication, title="New title"))
    revision_submit(item=publication, user=author, note="Please check")

    [request] = Email.objects.filter(key__startswith="review-")
    assert request.to == ["alex@example.org"]
    assert "Old title" in request.subject
    assert "/admin/publications/publication/" in request.text_body

    with pytest.raises(ReviewRefused, match="permission to publish"):
        revision_publish(item=publication, user=author)
    revision_publish(item=publication, user=approver)
    publication.refresh_from_db()
    assert publication.title == "New title" and publication.status == Status.PUBLISHED
    assert working_copy_of(publication) is None
    assert revisions_of(publication).first().published_by == approver
    actions = list(
        AuditEntry.objects.filter(object_id=publication.pk).values_list("action", flat=True)
    )
    assert actions == [AuditEntry.Action.APPROVED, AuditEntry.Action.SUBMITTED]


def test_an_approver_cannot_approve_their_own_changes(approver):
    publication = PublicationFactory()
    client_for(approver).post(change_url(publication), form_of(publication, title="Mine"))
    with pytest.raises(ReviewRefused, match="another approver"):
        revision_publish(item=publication, user=approver)
    publication.refresh_from_db()
    assert publication.title != "Mine"


def test_a_superuser_publishes_their_own_change_only_with_a_reason():
    boss = staff_user(email="boss@example.org")
    publication = PublicationFactory()
    client_for(boss).post(change_url(publication), form_of(publication, title="Urgent fix"))
    with pytest.raises(ReviewRefused, match="give the reason"):
        revision_publish(item=publication, user=boss)
    revision_publish(item=publication, user=boss, reason="Wrong phone number on a victims' page")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PUBLISHED)
    assert entry.note == "Wrong phone number on a victims' page" and entry.user == boss


def test_send_back_needs_a_comment_and_emails_the_editor(author, approver):
    publication = PublicationFactory()
    client_for(author).post(change_url(publication), form_of(publication, title="Draft title"))
    revision_submit(item=publication, user=author)
    with pytest.raises(ReviewRefused, match="Say what needs changing"):
        revision_send_back(item=publication, user=approver, comment=" ")
    revision_send_back(item=publication, user=approver, comment="The title is too long.")
    assert working_copy_of(publication).state == WorkingCopy.State.SENT_BACK
    [email] = Email.objects.filter(to=["sam@example.org"])
    assert "The title is too long." in email.text_body
    form = client_for(author).get(change_url(publication)).text
    assert "Sent back by the approver" in form and "The title is too long." in form


def test_publishing_through_the_compare_page(author, approver):
    publication = PublicationFactory(title="Before")
    client_for(author).post(change_url(publication), form_of(publication, title="After"))
    client_for(author).post(
        change_url(publication), form_of(publication, title="After", _submit="Submit")
    )
    head = revision_head(publication)
    compare = client_for(approver).get(
        f"/admin/publications/publication/{publication.pk}/history/compare/?a=live&b={head.pk}"
    )
    assert compare.status_code == 200
    assert "<del><span" in compare.text and "<ins><span" in compare.text
    assert "Approve and publish" in compare.text
    response = client_for(approver).post(
        f"/admin/publications/publication/{publication.pk}/review/", {"_publish": "1"}
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.title == "After"


def test_review_rules_per_kind():
    assert review_required(PublicationFactory())
    assert review_required(CampaignFactory())
    assert review_required(PageFactory(show_exit_button=True))
    assert not review_required(PageFactory(show_exit_button=False))
    ReviewPolicy.objects.create(
        content_type=ContentType.objects.get_for_model(Publication), rule=ReviewRule.NEVER
    )
    assert not review_required(PublicationFactory())


def test_review_rules_are_listed_for_every_kind_in_the_admin():
    response = client_for(staff_user()).get("/admin/publishing/reviewpolicy/")
    assert response.status_code == 200
    kinds = {policy.content_type.model_class() for policy in ReviewPolicy.objects.all()}
    assert {Page, Publication, Service} <= kinds


def test_without_review_an_approver_publishes_their_own_change():
    page = PageFactory(show_exit_button=False, title="About")
    editor = staff_user(
        is_superuser=False,
        permissions=("cja_site.view_page", "cja_site.change_page", "cja_site.publish_page"),
    )
    revision_save(item=page, data={**live_data(page), "title": "About us"}, user=editor)
    revision_publish(item=page, user=editor)
    page.refresh_from_db()
    assert page.title == "About us"


def test_a_second_editor_is_told_of_a_newer_draft_and_nothing_is_overwritten(author, approver):
    publication = PublicationFactory(title="Start")
    first, second = client_for(author), client_for(approver)
    based_on = form_of(publication)["_based_on"]
    first.post(change_url(publication), form_of(publication, title="Sam's version"))
    response = second.post(
        change_url(publication), form_of(publication, title="Alex's version", _based_on=based_on)
    )
    assert response.status_code == 302
    assert "/history/compare/" in response["Location"]
    assert working_copy_of(publication).revision.data["title"] == "Sam's version"
    kept = revisions_of(publication).first()
    assert kept.data["title"] == "Alex's version"  # in the history, not lost
    page = second.get(response["Location"], follow=True).text
    assert "saved a newer draft" in page

    with pytest.raises(DraftConflict):
        revision_save(item=publication, data=kept.data, user=approver, based_on_id=kept.based_on_id)


def test_restore_makes_a_new_draft_never_a_live_change(author):
    publication = PublicationFactory(title="First")
    editor = client_for(author)
    editor.post(change_url(publication), form_of(publication, title="Second"))
    first = revisions_of(publication).last()
    response = editor.post(
        f"/admin/publications/publication/{publication.pk}/history/{first.pk}/restore/"
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.title == "First"  # never published: still the live title
    head = revision_head(publication)
    assert head.restored_from == first and head.created_by == author
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RESTORED).count() == 1


def test_a_revision_that_no_longer_validates_restores_with_a_clear_message(author):
    topic = TopicFactory()
    publication = PublicationFactory(topics=[topic])
    old = revision_save(item=publication, data=live_data(publication), user=author)
    old.data = {**old.data, "kind": "no-such-kind", "retired_field": "x"}
    old.save()
    with pytest.raises(RevisionInvalid, match="kind"):
        revision_restore(revision=old, user=author)
    response = client_for(author).post(
        f"/admin/publications/publication/{publication.pk}/history/{old.pk}/restore/", follow=True
    )
    assert response.status_code == 200
    assert "cannot be restored as it is" in response.text


def test_a_deleted_topic_is_a_clear_message_not_a_500(author):
    topic = TopicFactory()
    publication = PublicationFactory(topics=[topic])
    old = revision_save(item=publication, data=live_data(publication), user=author)
    topic.delete()
    with pytest.raises(RevisionInvalid, match="no longer exist"):
        revision_restore(revision=old, user=author)


def test_history_lists_revisions_and_the_audit_trail(author, approver):
    publication = PublicationFactory()
    client_for(author).post(change_url(publication), form_of(publication, title="Edited"))
    revision_submit(item=publication, user=author)
    history = client_for(approver).get(f"/admin/publications/publication/{publication.pk}/history/")
    assert history.status_code == 200
    assert "Submitted for review" in history.text
    assert "Restore as draft" in history.text
    assert history["Cache-Control"].startswith("private") or "no-store" in history["Cache-Control"]


def test_staff_without_view_permission_cannot_see_history():
    publication = PublicationFactory()
    outsider = staff_user(is_superuser=False, permissions=("campaigns.view_campaign",))
    response = client_for(outsider).get(
        f"/admin/publications/publication/{publication.pk}/history/"
    )
    assert response.status_code == 403


def test_publish_action_needs_the_publish_permission(author, approver):
    publication = PublicationFactory(status=Status.DRAFT)
    client_for(author).post(
        "/admin/publications/publication/",
        {"action": "publish", "_selected_action": [publication.pk]},
    )
    publication.refresh_from_db()
    assert publication.status == Status.DRAFT
    client_for(approver).post(
        "/admin/publications/publication/",
        {"action": "publish", "_selected_action": [publication.pk]},
    )
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED


def test_unpublish_is_audited(approver):
    publication = PublicationFactory()
    item_unpublish(item=publication, user=approver)
    assert AuditEntry.objects.get().action == AuditEntry.Action.UNPUBLISHED
    with pytest.raises(ReviewRefused):
        item_unpublish(item=PublicationFactory(), user=staff_user(is_superuser=False))


def test_renaming_on_publish_leaves_a_redirect_and_an_audit_entry(author, approver, client):
    publication = PublicationFactory(slug="before")
    client_for(author).post(change_url(publication), form_of(publication, slug="after"))
    assert client.get("/publications/before/").status_code == 200  # unchanged until published
    revision_submit(item=publication, user=author)
    revision_publish(item=publication, user=approver)
    assert client.get("/publications/before/")["Location"] == "/publications/after/"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RENAMED).exists()


def test_the_audit_trail_is_for_superusers(approver):
    assert client_for(approver).get("/admin/publishing/auditentry/").status_code == 403
    assert client_for(staff_user()).get("/admin/publishing/auditentry/").status_code == 200


def test_needs_attention_lists_review_and_stale_drafts(author, approver):
    waiting, stale = PublicationFactory(), PublicationFactory()
    for item in (waiting, stale):
        client_for(author).post(change_url(item), form_of(item, title=f"{item.title}!"))
    revision_submit(item=waiting, user=author)
    WorkingCopy.objects.filter(object_id=stale.pk).update(
        updated_at=timezone.now() - timedelta(days=15)
    )
    home = client_for(approver).get("/admin/").text
    assert "change waiting for review" in home
    assert "draft of a live item untouched for 14 days" in home
    listing = client_for(approver).get("/admin/publishing/workingcopy/?waiting=review").text
    assert f"{waiting.title}!" in listing and f"{stale.title}!" not in listing


def test_compare_marks_changes_without_relying_on_colour():
    old, new = words_diff("The quick fox", "The slow fox")
    assert "<del>" in old and "[deleted: </span>quick" in old
    assert "<ins>" in new and "[inserted: </span>slow" in new
    fields = versions_compare(
        model=Publication,
        old={"body": "<p>One <strong>two</strong></p>"},
        new={"body": "<p>One three</p>"},
    )
    body = next(f for f in fields if f.label == "body")
    assert body.changed and "two" in body.old and "three" in body.new
    assert "<strong>" not in body.old  # rich text compared as the text a reader sees


def test_the_demo_content_has_a_change_waiting_for_review(demo_content):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115 (again)
    [waiting] = WorkingCopy.objects.all()
    assert waiting.state == WorkingCopy.State.IN_REVIEW and waiting.of_live_item
    publication = Publication.objects.get(pk=waiting.object_id)
    assert "this year's figures" not in publication.summary  # live is unchanged
    assert AuditEntry.objects.filter(action=AuditEntry.Action.SUBMITTED).count() == 1


def test_history_and_compare_take_the_same_queries_however_long_the_history(author, approver):
    publication = PublicationFactory()
    viewer = client_for(approver)

    def queries(count: int) -> tuple[int, int]:
        for n in range(count):
            head = revision_head(publication)
            revision_save(
                item=publication,
                data={**live_data(publication), "summary": f"Version {n} of {count}"},
                user=author,
                based_on_id=head.pk if head else None,
            )
            revision_submit(item=publication, user=author)
        head = revision_head(publication)
        base = f"/admin/publications/publication/{publication.pk}/history/"
        with CaptureQueriesContext(connection) as history:
            assert viewer.get(base).status_code == 200
        with CaptureQueriesContext(connection) as compare:
            assert viewer.get(f"{base}compare/?a=live&b={head.pk}").status_code == 200
        return len(history), len(compare)

    queries(1)  # the first request fills per-process caches (content types)
    assert queries(2) == queries(10)


def test_deleting_items_is_in_the_site_wide_audit_trail():
    boss = staff_user(email="boss@example.org", full_name="Pat Boss")
    admin = client_for(boss)
    single = PublicationFactory(title="Withdrawn briefing", slug="withdrawn-briefing")
    response = admin.post(f"/admin/publications/publication/{single.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    bulk = [CampaignFactory(title="Old campaign A"), CampaignFactory(title="Old campaign B")]
    response = admin.post(
        "/admin/campaigns/campaign/",
        {"action": "delete_selected", "post": "yes", "_selected_action": [c.pk for c in bulk]},
    )
    assert response.status_code == 302
    assert not Publication.objects.filter(pk=single.pk).exists()

    deleted = AuditEntry.objects.filter(action=AuditEntry.Action.DELETED)
    assert sorted(deleted.values_list("object_repr", flat=True)) == [
        "Old campaign A", "Old campaign B", "Withdrawn briefing",
    ]  # fmt: skip
    assert {entry.user for entry in deleted} == {boss}
    trail = admin.get("/admin/publishing/auditentry/?action=deleted").text
    assert "Withdrawn briefing" in trail and "Old campaign B" in trail
    assert "/publications/withdrawn-briefing/" in trail and "Pat Boss" in trail
