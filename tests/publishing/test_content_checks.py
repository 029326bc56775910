"""Content checks before publishing: errors block with where and how to fix; warnings allow."""

import pytest
from django.core.files.base import ContentFile

from campaigns.models import Campaign
from publications.models import Accessibility
from publishing.content_checks import content_check, rich_text_findings
from publishing.models import Status
from publishing.services import publishable_publish
from tests.campaigns.factories import CampaignFactory
from tests.factories import PageFactory, staff_user
from tests.publications.factories import AttachmentFactory, PublicationFactory

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def levels(findings):
    return [(finding.level, finding.where) for finding in findings]


def test_headings_in_order_and_clear_links_pass():
    html = '<h2>Aims</h2><h3>Detail</h3><h2>Next</h2><p><a href="/r/">Read the full report</a></p>'
    assert rich_text_findings(html, "Body") == []


def test_a_skipped_heading_level_is_an_error_saying_which_and_how_to_fix():
    [finding] = rich_text_findings("<h2>Aims</h2><h4>Too deep</h4>", "Body")
    assert finding.level == "error"
    assert finding.where == "Body, heading “Too deep”"
    assert "level 4 heading straight after level 2" in finding.problem
    assert "Make it a level 3 heading" in finding.fix


def test_the_body_starts_at_level_two_under_the_pages_title():
    [finding] = rich_text_findings("<h3>First</h3>", "Body")
    assert "straight after level 1" in finding.problem


def test_an_empty_link_is_an_error_and_vague_link_text_a_warning():
    html = '<p><a href="/a/">Click here</a> and <a href="/b/"> </a> and <a href="/c/">read more…</a></p>'
    found = rich_text_findings(html, "Body")
    assert levels(found) == [
        ("warning", "Body, the 1st link"),
        ("error", "Body, the 2nd link (to /b/)"),
        ("warning", "Body, the 3rd link"),
    ]
    assert "no text" in found[1].problem
    assert "“Click here”" in found[0].problem


def test_an_image_in_rich_text_needs_an_alt_attribute_or_an_empty_one():
    found = rich_text_findings('<img src="a.png"><img src="b.png" alt="">', "Body")
    assert levels(found) == [("error", "Body, the 1st image")]


def test_a_link_around_an_image_takes_its_name_from_the_alt_text():
    assert rich_text_findings('<a href="/x/"><img src="x.png" alt="Our report"></a>', "Body") == []


@pytest.mark.django_db
def test_a_hero_image_needs_alt_text_unless_marked_decorative():
    campaign = CampaignFactory.build(body="<p>Fine.</p>")
    campaign.hero_image = ContentFile(PNG, name="hero.png")
    [finding] = content_check(campaign).errors
    assert finding.where == "Hero image"
    assert "Hero image alt text" in finding.fix and "The hero image is decorative" in finding.fix
    campaign.hero_image_decorative = True
    assert content_check(campaign).errors == ()
    campaign.hero_image_decorative, campaign.hero_image_alt = False, "Campaigners at Westminster"
    assert content_check(campaign).errors == ()


@pytest.mark.django_db
def test_a_social_image_needs_alt_text():
    page = PageFactory.build()
    page.social_image = ContentFile(PNG, name="share.png")
    [finding] = content_check(page).errors
    assert finding.where == "Social image"


@pytest.mark.django_db
def test_an_untagged_pdf_is_a_warning_that_allows_publishing():
    publication = PublicationFactory(status=Status.DRAFT)
    AttachmentFactory(
        publication=publication, title="Full report", accessibility=Accessibility.LIMITED
    )
    AttachmentFactory(
        publication=publication, title="Summary", accessibility=Accessibility.ACCESSIBLE
    )
    report = content_check(publication)
    assert report.errors == ()
    assert [finding.where for finding in report.warnings] == ["Document “Full report”"]
    outcome = publishable_publish(queryset=type(publication).objects.all())
    assert outcome.published == [publication]
    assert [item for item, _ in outcome.warned] == [publication]


@pytest.mark.django_db
def test_publishing_skips_items_with_errors_and_says_why():
    good = CampaignFactory(status=Status.DRAFT, body="<h2>Fine</h2>")
    bad = CampaignFactory(status=Status.DRAFT, body='<h2>Aims</h2><h4>Deep</h4><a href="/x/"></a>')
    outcome = publishable_publish(queryset=Campaign.objects.all())
    assert outcome.published == [good]
    [(item, report)] = outcome.blocked
    assert item == bad and len(report.errors) == 2
    bad.refresh_from_db()
    assert bad.status == Status.DRAFT


@pytest.mark.django_db
def test_the_admin_publish_action_reports_what_blocked_an_item(client):
    bad = CampaignFactory(status=Status.DRAFT, title="Skippy", body="<h2>A</h2><h4>B</h4>")
    client.force_login(staff_user())
    response = client.post(
        "/admin/campaigns/campaign/",
        {"action": "publish", "_selected_action": [bad.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Not published. Skippy: This cannot be published yet." in page
    assert "Make it a level 3 heading" in page
    bad.refresh_from_db()
    assert bad.status == Status.DRAFT


@pytest.mark.django_db
def test_the_publish_button_refuses_an_item_with_errors_and_the_draft_still_saves(client):
    page = PageFactory(status=Status.DRAFT, title="About", slug="about")
    client.force_login(staff_user())
    form = {
        "title": "About",
        "slug": "about",
        "summary": "",
        "theme": "",
        "body": "<h2>Who</h2><h4>Skipped</h4>",
        "seo_title": "",
        "seo_description": "",
        "social_image_alt": "",
        "_publish_reason": "An urgent correction",
    }
    response = client.post(
        f"/admin/cja_site/page/{page.pk}/change/", {**form, "_publish": "Publish"}, follow=True
    )
    assert "This cannot be published yet. Body, heading “Skipped”" in response.content.decode()
    page.refresh_from_db()
    assert page.status == Status.DRAFT
    # As a draft it saves: the checks stand between a draft and the public, not the editor.
    response = client.post(f"/admin/cja_site/page/{page.pk}/change/", {**form, "_continue": "1"})
    assert response.status_code == 302
