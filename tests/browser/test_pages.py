"""Every page template of the site, in a real browser: axe-core finds nothing; keyboard works."""

import pytest

PAGES = ["/", "/restorative-cjs/", "/about/", "/privacy/", "/accessibility/", "/cookies/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page, site_content, assert_accessible, path):
    response = page.goto(path)
    assert response.status == 200
    assert_accessible(page)


def test_error_pages_have_no_accessibility_violations(
    page, site_content, assert_accessible, settings
):
    settings.DEBUG = False
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert_accessible(page)


def test_skip_link_is_first_and_moves_focus_to_main(page, site_content):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the skip link is visible when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_focus_is_visible_on_links(page, site_content):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement, style = getComputedStyle(el);
            return {tag: el.tagName, background: style.backgroundColor, outline: style.outlineStyle,
                    shadow: style.boxShadow};
        }"""
    )
    assert focused["tag"] == "A"
    assert focused["background"] == "rgb(255, 191, 71)" or focused["outline"] != "none"


@pytest.mark.parametrize("path", ["/", "/restorative-cjs/"])
def test_pages_fit_a_320px_screen(browser, live_server, site_content, path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
