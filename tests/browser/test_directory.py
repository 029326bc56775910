"""The service directory in a real browser: axe-core finds nothing; a visitor with JavaScript
off, on a phone, by keyboard alone, goes from the home page to their area's services."""

from pathlib import Path

import pytest

from directory.postcodes import postcodes_import

FIXTURE = Path(__file__).parents[1] / "directory" / "fixtures" / "onspd_sample.csv"

PAGES = [
    "/find-restorative-justice/",
    "/find-restorative-justice/area/E23000010/",
    "/find-restorative-justice/area/E23000010/?who=harmed&stage=in-community",
    "/find-restorative-justice/area/E09000028/",
    "/find-restorative-justice/map/",
    "/find-restorative-justice/choose-your-area/?not-found=1",
    "/find-restorative-justice/look-elsewhere/scotland/",
    "/find-restorative-justice/look-elsewhere/postcode-no-longer-used/",
    "/find-restorative-justice/services/restorative-justice-national-line/",
]


@pytest.fixture
def directory_content(site_content):

    postcodes_import(path=FIXTURE)


@pytest.mark.parametrize("path", PAGES)
def test_directory_pages_have_no_accessibility_violations(
    page, directory_content, assert_accessible, path
):
    assert page.goto(path).status == 200
    assert_accessible(page)


def test_a_postcode_error_has_no_accessibility_violations(page, site_content, assert_accessible):
    page.goto("/find-restorative-justice/")
    page.get_by_label("Your postcode").fill("not a postcode")
    page.get_by_role("button", name="Find services").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/find-restorative-justice/map/", PAGES[1]])
def test_directory_pages_fit_a_320px_screen(browser, live_server, directory_content, path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def _tab_to(page, locator, limit=200):
    """Press Tab until the locator has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"never reached {locator}")


def test_no_js_keyboard_journey_from_home_to_filtered_services(
    browser, live_server, directory_content
):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/")
    directory_link = page.locator('a[href="/find-restorative-justice/"]').first
    if directory_link.count() == 0:
        page.goto("/find-restorative-justice/")
    else:
        _tab_to(page, directory_link)
        page.keyboard.press("Enter")
        page.wait_for_url("**/find-restorative-justice/")
    postcode = page.get_by_label("Your postcode")
    _tab_to(page, postcode)
    page.keyboard.type("ls1 1ur")
    page.keyboard.press("Enter")
    page.wait_for_url("**/find-restorative-justice/area/E23000010/")
    assert "ls1" not in page.url.lower()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Restorative justice in West Yorkshire"
    )
    assert page.get_by_text("Northbridge Restorative Justice Hub").count() >= 1
    who = page.get_by_label("Who is it for?")
    _tab_to(page, who)
    who.select_option("caused-harm")
    stage = page.get_by_label("Stage")
    _tab_to(page, stage)
    stage.select_option("in-prison")
    _tab_to(page, page.get_by_role("button", name="Show services"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/area/E23000010/?who=caused-harm*stage=in-prison*")
    assert "0 local services matching your filters" in page.content()
    context.close()
