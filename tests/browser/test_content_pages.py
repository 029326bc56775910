"""Campaigns, publications and search in a real browser: accessible, and publishable by staff."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from publications.models import Publication
from publishing.models import ReviewPolicy, ReviewRule
from tests.factories import staff_user

PUBLICATION = "/publications/a-journey-of-learning-growth-and-change/"
CAMPAIGN = "/campaigns/national-action-plan-for-restorative-justice/"


@pytest.mark.parametrize(
    "path",
    [
        "/campaigns/",
        CAMPAIGN,
        "/campaigns/a-more-restorative-approach-in-prisons/",
        "/publications/",
        "/publications/?kind=consultation-response&topic=prisons",
        PUBLICATION,
        "/publications/responding-restoratively-covid-19/",
        "/publications/response-to-the-prisons-white-paper/",
        "/publications/series/responding-restoratively/",
        "/search/",
        "/search/?q=postcode+lottery",
        "/search/?q=zzzqqq",
    ],
)
def test_content_pages_have_no_accessibility_violations(
    page, site_content, assert_accessible, path
):
    response = page.goto(path)
    assert response.status in (200, 400)
    assert_accessible(page)


def test_visitor_filters_publications_and_downloads_a_pdf(page, site_content):
    page.goto("/publications/")
    page.get_by_label("Type").select_option("consultation-response")
    page.get_by_role("button", name="Show publications").click()
    page.get_by_role("heading", name="2 publications match your filters").wait_for()
    page.get_by_role("link", name="Our response to the Prisons White Paper").click()
    link = page.get_by_role("link", name="Full text", exact=True)
    assert "PDF" in page.locator(".downloads").inner_text()
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF-")


def test_content_pages_fit_a_320px_screen(browser, live_server, site_content):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in [
        CAMPAIGN,
        PUBLICATION,
        "/publications/",
        "/publications/series/responding-restoratively/",
        "/search/?q=prisons",
    ]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()


def sign_in_as_staff(page, live_server):
    """A staff session set straight into the browser, whatever the login screens look like."""
    staff = staff_user(email="editor@example.org")
    client = Client()
    client.force_login(staff)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_staff_write_preview_and_publish_in_the_admin(page, live_server, site_content):
    # This walk is about writing and previewing; review has its own (test_editorial_workflow).
    ReviewPolicy.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Publication),
        defaults={"rule": ReviewRule.NEVER},
    )
    sign_in_as_staff(page, live_server)
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/admin/publications/publication/add/")
    page.get_by_label("Title:", exact=True).fill("Restorative cities briefing")
    page.get_by_label("Summary:", exact=True).fill("How whole cities are becoming restorative.")
    editor = page.locator(".ProseMirror >> visible=true").first
    editor.click()
    page.keyboard.type("Cities such as Hull lead the way.")
    page.get_by_label("Publication date:", exact=True).fill("2026-11-20")
    page.get_by_role("button", name="Save and continue editing").click()
    page.locator(".messagelist").wait_for()
    assert page.locator(".messagelist").inner_text().startswith("The publication")
    assert not csp_errors, csp_errors

    page.goto("/publications/restorative-cities-briefing/")
    assert page.get_by_text("Preview: not published.").is_visible()
    assert page.get_by_text("Cities such as Hull lead the way.").is_visible()

    page.goto("/admin/publications/publication/?q=Restorative+cities")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("publish")
    page.get_by_role("button", name="Run").click()
    page.locator(".messagelist").wait_for()
    assert "Published 1 item" in page.locator(".messagelist").inner_text()

    page.context.clear_cookies()
    response = page.goto("/publications/restorative-cities-briefing/")
    assert response.status == 200
    assert page.get_by_text("Preview: not published.").count() == 0


def test_api_docs_render_offline_under_the_csp(page, site_content):
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on(
        "request",
        lambda request: (
            blocked.append(request.url)
            if "127.0.0.1" not in request.url and "localhost" not in request.url
            else None
        ),
    )
    page.goto("/api/docs/")
    page.get_by_text("/api/v1/publications/").first.wait_for()
    assert not blocked, blocked
