"""The publishing tools in a real browser: the calendar (grid and list), the side-by-side
preview and a review link opened from its address, with axe at desktop and phone widths."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from publishing.models import ReviewLink, Status
from publishing.review_links import review_link_create
from tests.browser.test_admin_home import sign_in_with_totp
from tests.factories import staff_user
from tests.publications.factories import PublicationFactory

WIDTHS = [(1280, 900), (390, 844)]


@pytest.fixture
def staff_page(page, site_content):
    staff = staff_user(email="calendar@example.org")
    sign_in_with_totp(page, staff.email)
    return page


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_the_calendar_as_grid_and_list_at_both_widths(staff_page, assert_accessible):
    page = staff_page
    today = timezone.localdate()
    goes_live = timezone.now() + datetime.timedelta(hours=1)
    # In the last hour of a day (or of a month) the entry falls on the next one.
    day = timezone.localtime(goes_live).date()
    PublicationFactory(
        title="Youth justice briefing", publish_at=goes_live, status=Status.PUBLISHED
    )
    page.goto("/admin/")
    page.get_by_role("link", name="Publishing calendar").click()
    page.wait_for_url("**/admin/calendar/")
    if day.month != today.month:
        page.get_by_role("link", name="Next month").click()
    grid = page.get_by_role("table", name=f"{day:%B %Y}")
    expect(grid.get_by_role("link", name="Goes live: Youth justice briefing")).to_be_visible()
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
        assert no_sideways_scroll(page), width
    page.get_by_role("link", name="List").click()
    page.wait_for_url("**view=list")
    heading = f"{day:%A} {day.day} {day:%B}" + (" (today)" if day == today else "")
    expect(page.get_by_role("heading", name=heading, level=2, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Youth justice briefing")).to_be_visible()
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
        assert no_sideways_scroll(page), width
    page.get_by_role("link", name="Next month").click()
    following = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    expect(
        page.get_by_role("heading", name=f"Publishing calendar: {following:%B %Y}")
    ).to_be_visible()


def test_the_side_by_side_preview_of_a_draft(staff_page, assert_accessible):
    page = staff_page
    draft = PublicationFactory(title="Draft on restorative practice", status=Status.DRAFT)
    page.goto(f"/admin/publications/publication/{draft.pk}/change/")
    page.get_by_role("link", name="Preview on desktop and phone").click()
    page.wait_for_url(f"**/{draft.pk}/preview/")
    for name in ["Desktop", "Phone"]:
        frame = page.frame_locator(f'iframe[title="{name} preview of {draft.title}"]')
        expect(frame.get_by_role("heading", name=draft.title, level=1)).to_be_visible()
        expect(frame.get_by_text("Preview: not published.")).to_be_visible()
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
        assert no_sideways_scroll(page), width
    # The framed pages themselves: axe runs in each frame too (a Frame evaluates as a page does).
    framed = [frame for frame in page.frames if frame != page.main_frame]
    assert len(framed) == 2
    for frame in framed:
        assert_accessible(frame)


def test_a_review_link_opens_from_its_address_with_no_account(
    page, live_server, transactional_db, assert_accessible, settings
):
    draft = PublicationFactory(title="Draft for our lawyer", status=Status.DRAFT)
    link, url = review_link_create(item=draft, shared_with="Counsel", created_by=None)
    token = url.split("#", 1)[1]
    page.goto(f"{live_server.url}/review/#{token}")
    expect(page.get_by_role("heading", name="Draft for our lawyer", level=1)).to_be_visible()
    expect(page.get_by_text("For review: not published.")).to_be_visible()
    assert token not in page.url
    assert ReviewLink.objects.get(pk=link.pk).views.count() == 1
    assert_accessible(page)
    # Without the code in the address, the page asks for it.
    page.goto(f"{live_server.url}/review/")
    page.get_by_label("Review code").fill("wrong")
    page.get_by_role("button", name="Open the draft").click()
    expect(page.get_by_role("alert")).to_contain_text("This review link is not valid")
    assert_accessible(page)
