"""Staff publishing through the admin: draft, preview, schedule, publish, unpublish, rename."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cja_site.models import Page
from publications.models import Publication
from publishing.models import Status
from publishing.revisions import revision_head
from publishing.richtext import sanitise_html
from tests.campaigns.factories import CampaignFactory
from tests.factories import PageFactory, TopicFactory, staff_user
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def _head(item) -> str:
    head = revision_head(item)
    return str(head.pk) if head else ""


@pytest.fixture
def staff_client():
    staff = Client()
    staff.force_login(staff_user())
    return staff


def publication_form(**overrides) -> dict:
    data = {
        "title": "A new briefing",
        "slug": "a-new-briefing",
        "kind": "briefing",
        "summary": "What it says.",
        "body": "<p>The briefing.</p><script>alert(1)</script>",
        "published_on": "2026-11-01",
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
    }
    return data | overrides


def test_staff_draft_preview_schedule_and_publish_through_the_admin(staff_client, client):
    response = staff_client.post("/admin/publications/publication/add/", publication_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    publication = Publication.objects.get(slug="a-new-briefing")
    assert publication.status == Status.DRAFT
    assert "<script>" not in publication.body  # sanitised on save

    preview = staff_client.get("/publications/a-new-briefing/")
    assert "Preview: not published." in preview.content.decode()

    later = timezone.localtime() + datetime.timedelta(days=3)
    staff_client.post(
        f"/admin/publications/publication/{publication.pk}/change/",
        publication_form(
            publish_at_0=later.strftime("%Y-%m-%d"),
            publish_at_1=later.strftime("%H:%M:%S"),
            _based_on=_head(publication),
            _publish="Publish",
            # The superuser wrote it, and publications need review: publishing their own
            # change takes a reason.
            _publish_reason="Urgent correction",
        ),
    )
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED and not publication.is_public
    changelist = staff_client.get("/admin/publications/publication/").content.decode()
    assert "Scheduled" in changelist

    staff_client.post(
        "/admin/publications/publication/",
        {"action": "publish", "_selected_action": [publication.pk]},
    )
    publication.refresh_from_db()
    assert publication.is_public
    assert client.get("/publications/a-new-briefing/").status_code == 200


def test_unpublish_action_hides_the_item(staff_client):
    campaign = CampaignFactory(slug="going-away")
    response = staff_client.post(
        "/admin/campaigns/campaign/", {"action": "unpublish", "_selected_action": [campaign.pk]}
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Status.DRAFT
    staff_client.logout()
    assert staff_client.get("/campaigns/going-away/").status_code == 404


def test_renaming_a_slug_in_the_admin_leaves_a_permanent_redirect(staff_client, client):
    publication = PublicationFactory(slug="old-name", published_on=datetime.date(2026, 11, 1))
    response = staff_client.post(
        f"/admin/publications/publication/{publication.pk}/change/",
        publication_form(
            slug="new-name", body="<p>x</p>", _publish="Publish", _publish_reason="Typo in name"
        ),
    )
    assert response.status_code == 302
    old = client.get("/publications/old-name/?from=newsletter")
    assert old.status_code == 301
    assert old["Location"] == "/publications/new-name/?from=newsletter"


def test_pages_share_the_machinery(staff_client, client):
    page = PageFactory(slug="about", status=Status.DRAFT)
    assert client.get("/about/").status_code == 404
    assert "Preview: not published." in staff_client.get("/about/").content.decode()
    staff_client.post("/admin/cja_site/page/", {"action": "publish", "_selected_action": [page.pk]})
    assert Page.objects.get(pk=page.pk).is_public


def test_review_dates_are_shown_and_filterable(staff_client):
    PublicationFactory(title="Stale one", review_by=timezone.localdate() - datetime.timedelta(1))
    PublicationFactory(title="Fresh one", review_by=timezone.localdate() + datetime.timedelta(90))
    html = staff_client.get("/admin/publications/publication/?review=overdue").content.decode()
    assert "Stale one" in html and "(overdue)" in html
    assert "Fresh one" not in html


@pytest.mark.parametrize(
    "path",
    ["/admin/publications/publication/", "/admin/campaigns/campaign/", "/admin/cja_site/page/"],
)
def test_admin_change_lists_have_no_n_plus_one(staff_client, path):
    topics = [TopicFactory()]
    staff_client.get(path)  # the first request of a session does its own bookkeeping
    counts = []
    for batch in (3, 27):
        for _ in range(batch):
            PublicationFactory(topics=topics)
            CampaignFactory(topics=topics)
            PageFactory()
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(path).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_admin_change_form_loads_the_prose_editor(staff_client):
    html = staff_client.get("/admin/publications/publication/add/").content.decode()
    assert "django_prose_editor/editor.js" in html
    assert "data-django-prose-editor" in html


def test_rich_text_keeps_structure_and_drops_anything_that_runs():
    html = sanitise_html(
        '<h2>Title</h2><p style="color:red" onclick="x()">Text <a href="javascript:alert(1)">x</a>'
        '<a href="https://example.org">ok</a></p><iframe src="https://evil"></iframe>'
    )
    assert html.startswith('<h2>Title</h2><p>Text <a rel="noopener noreferrer">x</a>')
    assert 'href="https://example.org" rel="noopener noreferrer"' in html
    assert "iframe" not in html and "style" not in html
