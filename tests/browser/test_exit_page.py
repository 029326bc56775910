"""The "Exit this page" button in a real browser: the Shift shortcut, and the page without JS.

The neutral site is answered by Playwright's routing, so no request leaves the machine; the tests
check that the browser went through /exit/ on its way there.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PageFactory

NEUTRAL = "https://www.bbc.co.uk/weather"
PATH = "/finding-help/"
START = 1_767_225_600  # any fixed moment (2026-01-01) for the page's clock
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


def lights_on(page) -> int:
    return page.locator(".exit-this-page__indicator-light--on").count()


@pytest.fixture
def still_clock(page):
    """The page's clock stands still unless a test moves it, so that however slowly a busy
    machine runs the test, the five seconds pass only when the test says so."""
    page.clock.install(time=START)
    page.clock.pause_at(START + 3_600)  # later than any install could take
    return page.clock


def test_shift_three_times_left_and_right_leaves_through_exit(page, still_clock, flagged_page):
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


def test_shift_presses_that_overlap_each_count(page, still_clock, flagged_page):
    requests = answer_neutral_site(page.context)
    page.goto(PATH)
    page.keyboard.down("ShiftLeft")
    page.keyboard.down("ShiftRight")
    page.keyboard.up("ShiftLeft")
    page.keyboard.up("ShiftRight")
    expect(status(page)).to_have_text("Shift, press 1 more time to exit.")
    page.keyboard.press("ShiftRight")
    assert_left_through_exit(page, requests)


def test_activation_is_an_alert_over_a_blanked_page_and_typing_is_cleared(
    page, still_clock, flagged_page
):
    """GOV.UK: "announces when the keyboard shortcut has been successfully activated" ("Loading."
    in an alert over the "ghost page"). Shift counts in a text field too (as GOV.UK decided);
    what was typed there is cleared."""
    requests = answer_neutral_site(page.context)
    seen = []
    page.expose_function("report", lambda report: seen.append(report))
    page.goto(PATH)
    # The page is gone by the time a test could look, so it reports what it showed as it left.
    page.evaluate(
        """() => {
            const status = document.querySelector("[role=status]");
            const report = () => {
                const alert = document.querySelector("[role=alert]");
                window.report({
                    status: status.textContent,
                    alert: alert && alert.textContent,
                    typed: document.querySelector("#site-search-q").value,
                    headingShown: document.querySelector("h1").checkVisibility(),
                });
            };
            new MutationObserver(report).observe(document.body, {
                childList: true, characterData: true, subtree: true,
            });
        }"""
    )
    search = page.get_by_role("searchbox", name="Search this site")
    search.fill("what I typed")
    search.focus()
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_left_through_exit(page, requests)
    statuses = [report["status"] for report in seen if report["status"]]
    assert list(dict.fromkeys(statuses)) == [
        "Shift, press 2 more times to exit.",
        "Shift, press 1 more time to exit.",
    ]
    assert seen[-1] == {"status": "", "alert": "Loading.", "typed": "", "headingShown": False}


def test_the_button_shows_the_page_is_leaving_while_the_neutral_site_loads(page, flagged_page):
    """GOV.UK: "shows the ghost page when the EtP button is clicked"."""
    requests = answer_neutral_site(page.context)
    seen = []
    page.expose_function("report", lambda report: seen.append(report))
    page.goto(PATH)
    page.evaluate(
        """() => new MutationObserver(() => {
            const alert = document.querySelector("[role=alert]");
            window.report({
                alert: alert && alert.textContent,
                alertShown: Boolean(alert && alert.checkVisibility()),
                headingShown: document.querySelector("h1").checkVisibility(),
            });
        }).observe(document.body, {childList: true, characterData: true, subtree: true})"""
    )
    page.get_by_role("link", name="Exit this page").click()
    assert_left_through_exit(page, requests)
    assert seen[-1] == {"alert": "Loading.", "alertShown": True, "headingShown": False}


def test_the_presses_show_on_the_button_hidden_from_screen_readers(page, still_clock, flagged_page):
    """GOV.UK's three-light indicator: none shown until Shift is pressed, then one lit a press."""
    page.goto(PATH)
    indicator = page.locator("[data-exit-this-page-indicator]")
    expect(indicator).to_be_hidden()
    assert indicator.get_attribute("aria-hidden") == "true"
    assert page.locator(".exit-this-page__indicator-light").count() == 3
    button = page.get_by_role("link", name="Emergency Exit this page", exact=True)
    page.keyboard.press("Shift")
    expect(indicator).to_be_visible()
    assert lights_on(page) == 1
    page.keyboard.press("Shift")
    assert lights_on(page) == 2
    expect(button).to_be_visible()  # its name is unchanged: the lights are not read out
    still_clock.run_for(5_000)
    expect(indicator).to_be_hidden()
    assert lights_on(page) == 0


def test_shift_held_with_another_key_does_not_count(page, still_clock, flagged_page):
    page.goto(PATH)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 1 more time to exit.")
    # Typing a capital: the letter starts the count again and its Shift is not counted.
    page.keyboard.down("Shift")
    page.keyboard.press("KeyA")
    page.keyboard.up("Shift")
    expect(status(page)).to_have_text("Exit this page expired.")
    assert lights_on(page) == 0
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    assert page.url.endswith(PATH)


def test_any_other_key_starts_the_count_again(page, still_clock, flagged_page):
    page.goto(PATH)
    for key in ("Control", "x", "Tab"):
        page.keyboard.press("Shift")
        page.keyboard.press("Shift")
        page.keyboard.press(key)
        expect(status(page)).to_have_text("Exit this page expired.")
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    assert page.url.endswith(PATH)


def test_when_the_five_seconds_lapse_it_says_exit_this_page_expired(
    page, still_clock, flagged_page
):
    """GOV.UK: "announces when the keyboard shortcut has timed out", then goes quiet."""
    page.goto(PATH)
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    still_clock.run_for(4_999)
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    still_clock.run_for(1)
    expect(status(page)).to_have_text("Exit this page expired.")
    still_clock.run_for(4_999)
    expect(status(page)).to_have_text("Exit this page expired.")
    still_clock.run_for(1)
    expect(status(page)).to_have_text("")


def test_the_three_presses_must_fall_within_five_seconds(page, still_clock, flagged_page):
    requests = answer_neutral_site(page.context)
    page.goto(PATH)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    still_clock.fast_forward(5_000)
    expect(status(page)).to_have_text("Exit this page expired.")
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    assert page.url.endswith(PATH)
    # A fresh start: three presses within the five seconds (the last at 4.9 s) leave.
    still_clock.fast_forward(4_900)
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 1 more time to exit.")
    page.keyboard.press("Shift")
    assert_left_through_exit(page, requests)


def test_the_script_loaded_twice_counts_each_press_once(page, still_clock, flagged_page):
    """GOV.UK's "throws when initialised twice": a second copy of the script does nothing."""
    page.goto(PATH)
    page.add_script_tag(url="/static/js/exit-this-page.js")
    assert page.locator("[data-exit-this-page-indicator]").count() == 1
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    assert lights_on(page) == 1


def test_without_its_button_the_script_does_nothing_and_raises_nothing(
    page, still_clock, flagged_page
):
    """GOV.UK's "throws when the button is missing": here, no error and no shortcut."""
    errors = []
    page.on("pageerror", lambda error: errors.append(error))

    def without_button(route):
        html = route.fetch().text()
        html = re.sub(r'<a class="exit-this-page__button".*?</a>', "", html, flags=re.S)
        route.fulfill(body=html, content_type="text/html")

    page.route(f"**{PATH}", without_button)
    page.goto(PATH)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("")
    assert page.url.endswith(PATH) and errors == []


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


# Widths and zoom: a phone, a bigger phone, and 400 % zoom on a 1280 x 900 screen, which lays
# the page out 320 CSS pixels wide and 225 high, each drawn with 4 device pixels.
SCREENS = {
    "320px": {"viewport": {"width": 320, "height": 640}},
    "390px": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3},
    "400% zoom": {"viewport": {"width": 320, "height": 225}, "device_scale_factor": 4},
}


def assert_wholly_on_screen(locator, viewport):
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
@pytest.mark.parametrize("screen", SCREENS)
def test_the_button_stays_on_screen_as_the_page_scrolls(
    browser, live_server, site_content, flagged_page, screen, javascript
):
    """CSS alone pins it. Scrolling is done by the browser (scrolling an element into view), so
    it works without JavaScript too, and waits on nothing."""
    settings = SCREENS[screen]
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=javascript, **settings
    )
    page = context.new_page()
    viewport = settings["viewport"]
    for path in (PATH, "/find-restorative-justice/area/E23000001/"):  # and an area page
        page.goto(path)
        button = page.get_by_role("link", name="Exit this page")
        about = page.get_by_role("link", name="What this button does")
        heading = page.locator("h1")
        top = heading.bounding_box()["y"]
        for target in (button, about):
            assert_wholly_on_screen(target, viewport)
            assert target.bounding_box()["height"] >= 24
        strip = page.locator("[data-exit-this-page]").bounding_box()
        # Pinned, it takes no more than a third of even the smallest window.
        assert strip["height"] <= viewport["height"] / 3, strip
        for below in (page.locator("main :is(h2, p)").nth(1), page.locator("footer")):
            below.scroll_into_view_if_needed()
            assert_wholly_on_screen(button, viewport)
            assert_wholly_on_screen(about, viewport)
        if path == PATH:
            assert heading.bounding_box()["y"] <= top - 1_200  # it did scroll that far
    context.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_on_a_small_screen_what_takes_focus_is_not_hidden_by_the_strip(
    browser, live_server, flagged_page, screen
):
    """WCAG 2.4.11: a link tabbed to from below the pinned strip scrolls clear of it."""
    context = browser.new_context(base_url=live_server.url, **SCREENS[screen])
    page = context.new_page()
    page.goto(PATH)
    link = page.get_by_role("link", name="Ask us a question")
    link.focus()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    # Back up the page with Shift+Tab from the last link: each focused link is clear of it.
    strip = page.locator("[data-exit-this-page]")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.get_by_role("link", name="Who we are").focus()
    focused = page.locator(":focus")
    assert focused.bounding_box()["y"] >= strip.bounding_box()["y"] + strip.bounding_box()["height"]
    context.close()


def test_staying_safe_page_has_no_accessibility_violations(page, site_content, assert_accessible):
    """GOV.UK's "passes accessibility tests", in each state the component can show. axe waits on
    the page's timers, so the clock runs here; the test moves it on to the lapse itself."""
    still_clock = page.clock
    still_clock.install()
    page.goto("/staying-safe-online/")
    assert_accessible(page)
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    assert_accessible(page)
    still_clock.run_for(5_000)
    expect(status(page)).to_have_text("Exit this page expired.")
    assert_accessible(page)
