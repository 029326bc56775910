"""The "Exit this page" button in a real browser: the Shift shortcut, and the page without JS.

The neutral site is answered by Playwright's routing, so no request leaves the machine; the tests
check that the browser went through /exit/ on its way there.
"""

import pytest
from playwright.sync_api import expect

from tests.factories import PageFactory

NEUTRAL = "https://www.bbc.co.uk/weather"
PATH = "/finding-help/"
BODY = (
    '<p><a href="/about/">Who we are</a></p>'
    + "".join(
        f"<h2>Part {n}</h2><p>{'Some words about finding help near you. ' * 30}</p>"
        for n in range(8)
    )
    + '<p><a href="/contact/">Ask us a question</a></p>'
)


@pytest.fixture
def flagged_page(transactional_db):
    return PageFactory(slug=PATH.strip("/"), title="Finding help", body=BODY, show_exit_button=True)


def answer_neutral_site(context) -> list:
    """Serve the neutral site from the test; return the browser's document requests, in order.

    Playwright does not route the hops of a redirect (microsoft/playwright#2617), so the browser
    would look the neutral site up for real. Instead /exit/ is fetched from the server as it is
    (the session ends, the headers are the real ones) and handed to the browser with its 302
    turned into an immediate refresh to the same address, a navigation the routing does see.
    """
    documents = []
    context.on(
        "request",
        lambda request: documents.append(request) if request.resource_type == "document" else None,
    )

    def exit_hop(route):
        response = route.fetch(max_redirects=0)
        assert response.status == 302
        headers = {k: v for k, v in response.headers.items() if k != "location"}
        headers["content-type"] = "text/html"
        refresh = f'<meta http-equiv="refresh" content="0;url={response.headers["location"]}">'
        route.fulfill(status=200, headers=headers, body=refresh)

    context.route("**/exit/", exit_hop)
    context.route(
        f"{NEUTRAL}**",
        lambda route: route.fulfill(
            content_type="text/html", body="<!doctype html><title>Weather</title><h1>Weather</h1>"
        ),
    )
    return documents


def assert_left_through_exit(page, documents):
    page.wait_for_url(NEUTRAL)
    urls = [request.url for request in documents]
    exit_url = next(url for url in urls if url.endswith("/exit/"))
    assert urls.index(exit_url) < urls.index(NEUTRAL), urls
    neutral = next(request for request in documents if request.url == NEUTRAL)
    assert "referer" not in neutral.all_headers(), "the neutral site is not told where from"


def status(page):
    return page.locator("[data-exit-this-page-status]")


def test_shift_three_times_left_and_right_leaves_through_exit(page, flagged_page):
    requests = answer_neutral_site(page.context)
    page.goto(PATH)
    entries = page.evaluate("history.length")
    page.keyboard.press("ShiftLeft")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    page.keyboard.press("ShiftRight")
    expect(status(page)).to_have_text("Shift, press 1 more time to exit.")
    page.keyboard.press("ShiftLeft")
    assert_left_through_exit(page, requests)
    # The page that was left was replaced in the history: Back does not lead to it.
    assert page.evaluate("history.length") == entries


def test_shift_presses_that_overlap_each_count(page, flagged_page):
    requests = answer_neutral_site(page.context)
    page.goto(PATH)
    page.keyboard.down("ShiftLeft")
    page.keyboard.down("ShiftRight")
    page.keyboard.up("ShiftLeft")
    page.keyboard.up("ShiftRight")
    expect(status(page)).to_have_text("Shift, press 1 more time to exit.")
    page.keyboard.press("ShiftRight")
    assert_left_through_exit(page, requests)


def test_the_status_region_says_it_is_leaving_and_the_page_is_blanked(page, flagged_page):
    """Shift counts in a text field too (as GOV.UK decided); what was typed there is cleared."""
    requests = answer_neutral_site(page.context)
    seen = []
    page.expose_function("report", lambda report: seen.append(report))
    page.goto(PATH)
    # The page is gone by the time a test could look, so it reports what it showed as it left.
    page.evaluate(
        """() => {
            const status = document.querySelector("[role=status]");
            new MutationObserver(() => window.report({
                status: status.textContent,
                typed: document.querySelector("#site-search-q").value,
                heading: getComputedStyle(document.querySelector("h1")).visibility,
            })).observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    search = page.get_by_role("searchbox", name="Search this site")
    search.fill("what I typed")
    search.focus()
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_left_through_exit(page, requests)
    assert [report["status"] for report in seen] == [
        "Shift, press 2 more times to exit.",
        "Shift, press 1 more time to exit.",
        "Exiting page.",
    ]
    assert seen[-1] == {"status": "Exiting page.", "typed": "", "heading": "hidden"}


def test_shift_held_with_another_key_does_not_count(page, flagged_page):
    page.goto(PATH)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 1 more time to exit.")
    # Typing a capital: the letter starts the count again and its Shift is not counted.
    page.keyboard.down("Shift")
    page.keyboard.press("KeyA")
    page.keyboard.up("Shift")
    expect(status(page)).to_have_text("")
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    assert page.url.endswith(PATH)


def test_any_other_key_starts_the_count_again(page, flagged_page):
    page.goto(PATH)
    for key in ("Control", "x", "Tab"):
        page.keyboard.press("Shift")
        page.keyboard.press("Shift")
        page.keyboard.press(key)
        expect(status(page)).to_have_text("")
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    assert page.url.endswith(PATH)


def test_the_three_presses_must_fall_within_five_seconds(page, flagged_page):
    requests = answer_neutral_site(page.context)
    page.clock.install()
    page.goto(PATH)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(5_000)
    expect(status(page)).to_have_text("")
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    assert page.url.endswith(PATH)
    # A fresh start: three presses within the five seconds (the last at 4.9 s) leave.
    page.clock.run_for(4_900)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    assert_left_through_exit(page, requests)


def test_the_button_leaves_through_exit_with_javascript(page, flagged_page):
    requests = answer_neutral_site(page.context)
    page.goto(PATH)
    entries = page.evaluate("history.length")
    page.get_by_role("link", name="Exit this page").click()
    assert_left_through_exit(page, requests)
    assert page.evaluate("history.length") == entries


def test_without_javascript_the_button_is_a_link_that_leaves_through_exit(
    browser, live_server, flagged_page
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    requests = answer_neutral_site(context)
    page = context.new_page()
    page.goto(PATH)
    page.get_by_role("link", name="Exit this page").click()
    assert_left_through_exit(page, requests)
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_browser_forgets_the_site_cookies_and_storage(
    browser, live_server, flagged_page, settings, javascript
):
    """Clear-Site-Data, with the real redirect: the neutral site is a stand-in on this server."""
    settings.EXIT_PAGE_URL = f"{live_server.url}/neutral-stand-in/"
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto(PATH)
    page.evaluate("localStorage.setItem('typed', 'something')")
    context.add_cookies([{"name": "probe", "value": "1", "url": live_server.url}])
    if javascript:
        page.get_by_role("link", name="Exit this page").click()
    else:
        page.goto("/exit/")
    page.wait_for_url("**/neutral-stand-in/")
    assert context.cookies(live_server.url) == []  # even one the server never heard of
    page.goto(PATH)
    assert page.evaluate("localStorage.getItem('typed')") is None
    context.close()


def test_first_tab_reaches_the_exit_button_then_the_skip_link(page, flagged_page):
    page.goto(PATH)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Exit this page")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="What this button does")).to_be_focused()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    # Shown above the strip, not under it.
    assert skip.evaluate(
        """el => { const box = el.getBoundingClientRect();
                   return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === el; }"""
    )


def test_on_a_wide_screen_the_button_stays_in_view_and_clear_of_focus(page, flagged_page):
    page.goto(PATH)
    strip = page.locator("[data-exit-this-page]")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert strip.bounding_box()["y"] == 0
    # A link above the view, focused, scrolls into view below the strip, not under it.
    link = page.get_by_role("link", name="Who we are")
    link.focus()
    assert link.bounding_box()["y"] >= strip.bounding_box()["height"]


@pytest.mark.parametrize("width", [320, 390])
def test_on_a_phone_it_fits_and_scrolls_away(browser, live_server, site_content, width):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 640}
    )
    page = context.new_page()
    page.goto("/staying-safe-online/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    button = page.get_by_role("link", name="Exit this page")
    about = page.get_by_role("link", name="What this button does")
    for target in (button, about):
        box = target.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["height"] >= 24
    # Not sticky: it does not sit over the page (and a form's button) as the visitor scrolls.
    page.evaluate("window.scrollTo(0, 600)")
    assert button.bounding_box()["y"] < 0
    context.close()


def test_staying_safe_page_has_no_accessibility_violations(page, site_content, assert_accessible):
    page.goto("/staying-safe-online/")
    assert_accessible(page)
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    assert_accessible(page)
