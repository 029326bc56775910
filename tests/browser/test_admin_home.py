"""The admin home in a real browser: staff sign in with TOTP and see the charity's admin, what
needs attention and where to act on it; axe finds nothing on the admin pages staff use most."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from contact.models import ContactMessage
from subscriptions.models import Subscriber
from tests.expert_group.factories import MeetingFactory
from tests.factories import PASSWORD, TEST_TOTP_SECRET, staff_user, totp_code


def sign_in_with_totp(page, email):
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Code").fill(totp_code(TEST_TOTP_SECRET))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


@pytest.fixture
def staff_page(page, site_content):
    staff = staff_user(email="editor@example.org")
    ContactMessage.objects.create(name="Ada", email="ada@example.org", message="Please call me.")
    MeetingFactory(title="Spring meeting", starts_at=timezone.now() + timedelta(days=5))
    sign_in_with_totp(page, staff.email)
    return page


def test_staff_sign_in_and_see_what_needs_attention(staff_page, assert_accessible):
    page = staff_page
    expect(page.get_by_role("link", name=settings.SITE_NAME)).to_be_visible()
    expect(page.get_by_role("heading", name="Staff home", level=1)).to_be_visible()
    panel = page.get_by_role("region", name="Needs attention")
    expect(panel.get_by_role("link", name="3 contact messages not yet handled")).to_be_visible()
    captions = page.locator("#content-main caption")
    expect(captions).to_have_text(
        [
            "Content",
            "Expert group",
            "Directory",
            "Messages",
            "Email updates",
            "Readership",
            "People",
            "Settings",
        ]
    )
    assert_accessible(page)

    panel.get_by_role("link", name="meeting in the next 14 days without papers").click()
    page.wait_for_url("**/admin/expert_group/meeting/?attention=no-papers")
    expect(page.locator("#result_list").get_by_role("link", name="Spring meeting")).to_be_visible()
    assert_accessible(page)

    page.goto("/admin/")
    page.get_by_role("link", name="3 contact messages not yet handled").click()
    page.wait_for_url("**/admin/contact/contactmessage/?handled_at__isempty=1")
    expect(page.locator("#result_list").get_by_text("Ada", exact=True)).to_be_visible()
    assert_accessible(page)


def test_admin_lists_label_demo_data_and_are_accessible(staff_page, assert_accessible):
    page = staff_page
    for path in [
        "/admin/cja_site/page/",
        "/admin/campaigns/campaign/",
        "/admin/publications/publication/",
        "/admin/expert_group/membership/",
    ]:
        page.goto(path)
        expect(page.locator("#result_list .badge--demo").first).to_have_text("Demo data")
        assert_accessible(page)


def test_forms_with_new_help_texts_are_accessible(staff_page, assert_accessible):
    page = staff_page
    meeting = MeetingFactory(title="Autumn meeting")
    for path, help_text in [
        ("/admin/cja_site/page/add/", "Changing it leaves a redirect from the old address."),
        (f"/admin/expert_group/meeting/{meeting.pk}/change/", "updated calendar entry"),
    ]:
        page.goto(path)
        expect(page.get_by_text(help_text)).to_be_visible()
        assert_accessible(page)


def test_email_updates_show_staff_counts_and_masked_addresses(staff_page, assert_accessible):
    """The demo content has followers: staff see how many, never a list of their addresses."""

    page = staff_page
    page.goto("/admin/subscriptions/subscription/")
    table = page.get_by_role("table", name="Followers")
    expect(table.get_by_role("row", name="Every new publication")).to_contain_text("1")
    expect(page.locator("#content")).not_to_contain_text("@example.org")
    assert_accessible(page)

    page.goto("/admin/subscriptions/subscriber/")
    expect(page.locator("#result_list")).to_contain_text("d•••@example.org")
    assert_accessible(page)
    subscriber = Subscriber.objects.order_by("pk").first()
    page.goto(f"/admin/subscriptions/subscriber/{subscriber.pk}/change/")
    expect(page.get_by_text("Demo data: not a real person.")).to_be_visible()
    assert_accessible(page)
