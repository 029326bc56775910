"""The header in a real browser: search from any page without JavaScript; members' links."""

import re

import pytest
from playwright.sync_api import expect

from tests.expert_group.factories import (
    PASSWORD,
    MembershipFactory,
    staff_user,
    totp_code,
    verified,
)


@pytest.fixture
def no_script_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


@pytest.mark.parametrize("path", ["/", "/publications/", "/accounts/login/", "/no-such-page/"])
def test_search_from_the_header_of_any_page_without_javascript(no_script_page, site_content, path):
    page = no_script_page
    page.goto(path)
    page.get_by_role("search", name="Site").get_by_label("Search this site").fill("victims")
    page.get_by_role("search", name="Site").get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=victims")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results")


def test_search_from_the_page_not_found(no_script_page, site_content):
    page = no_script_page
    assert page.goto("/publicatons/").status == 404
    main = page.get_by_role("main")
    main.get_by_label("Search this site").fill("prisons")
    main.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=prisons")
    expect(page.get_by_role("heading", level=2)).to_contain_text("for “prisons”")


def test_a_too_long_search_keeps_the_text(page, site_content, assert_accessible):
    query = " ".join(["restorative justice for victims"] * 10)
    assert page.goto(f"/search/?q={query}").status == 400
    expect(page.get_by_role("main").get_by_role("searchbox")).to_have_value(query)
    assert_accessible(page)


def test_a_member_signs_in_to_the_dashboard_finds_the_profile_and_signs_out(
    page, transactional_db, assert_accessible
):
    member = verified(MembershipFactory().user)
    sign_in(page, member.email)
    page.wait_for_url("**/expert-group/members/")
    account = page.get_by_role("navigation", name="Your account")
    expect(account.get_by_role("link")).to_have_text(
        ["Members\N{RIGHT SINGLE QUOTATION MARK} area", "Your profile"]
    )
    assert_accessible(page)
    account.get_by_role("link", name="Your profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    account.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_role("link", name="Member sign in")).to_be_visible()
    page.goto("/expert-group/members/")
    page.wait_for_url("**/accounts/login/?next=/expert-group/members/")


def test_staff_with_two_factor_authentication_find_the_admin(page, transactional_db):
    staff = staff_user(email="staff@example.org")
    sign_in(page, staff.email)
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/expert-group/members/")
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Admin").click()
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize("width", [320, 390])
def test_the_signed_in_header_fits_a_phone(browser, live_server, transactional_db, width):
    from tests.browser.test_meetings import signed_in

    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 700}
    )
    page = signed_in(context.new_page(), live_server, staff_user(email="narrow@example.org"))
    page.goto("/search/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    search = page.get_by_role("search", name="Site")
    box = search.get_by_role("searchbox").bounding_box()
    button = search.get_by_role("button").bounding_box()
    assert box["width"] >= 150 and button["x"] + button["width"] <= width
    context.close()
