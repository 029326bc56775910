"""Tracking in a real browser (no JavaScript needed): staff publish a proposed event with one
click and it appears on the campaign page with the licence line; axe finds nothing on the new
admin pages or the campaign page's deadline panel."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.test_admin_home import sign_in_with_totp
from tests.factories import staff_user
from tracking.models import ProposedEvent, TrackedItem

CAMPAIGN = "/campaigns/national-action-plan-for-restorative-justice/"


@pytest.fixture
def staff_page(page, site_content):
    staff = staff_user(email="tracker@example.org")
    sign_in_with_totp(page, staff.email)
    return page


def test_staff_publish_a_proposed_event_in_one_click(staff_page, assert_accessible):
    page = staff_page
    page.get_by_role("link", name="proposed timeline events to review").click()
    page.wait_for_url("**/admin/tracking/proposedevent/?status__exact=proposed")
    assert_accessible(page)
    page.get_by_role("button", name="Publish: Royal Assent").click()
    expect(page.get_by_text("Published to the timeline: Royal Assent")).to_be_visible()
    assert ProposedEvent.objects.get(title="Royal Assent").status == "published"

    item = TrackedItem.objects.get(kind=TrackedItem.Kind.BILL)
    page.goto(f"/admin/tracking/trackeditem/{item.pk}/change/")
    expect(page.get_by_text("Polled in the background")).to_be_visible()
    assert_accessible(page)

    event = ProposedEvent.objects.filter(status="proposed").first()
    page.goto(f"/admin/tracking/proposedevent/{event.pk}/change/")
    expect(page.get_by_role("button", name="Save and publish to the timeline")).to_be_visible()
    assert_accessible(page)

    page.goto(CAMPAIGN)
    expect(page.get_by_role("heading", name="Royal Assent")).to_be_visible()
    expect(page.get_by_text("Contains Parliamentary information licensed under")).to_be_visible()
    assert_accessible(page)


def test_the_campaign_page_shows_a_late_response(page, site_content, assert_accessible):
    item = TrackedItem.objects.get(kind=TrackedItem.Kind.CONSULTATION)
    item.response_published_on = None
    item.response_due_on = datetime.date(2022, 4, 28)
    item.overdue_confirmed = True
    item.save()
    page.goto(CAMPAIGN)
    panel = page.get_by_role("region", name="Waiting for the government")
    expect(panel.get_by_text("Government response due by")).to_be_visible()
    expect(panel.get_by_text("overdue by")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
