"""Requesting a different format in a real browser: from the publication page to the thank-you
page, accessible at each step (axe, every rule), at 320 px and without JavaScript."""

import re

import pytest

from formats.models import FormatRequest
from tests.publications.factories import AttachmentFactory, PublicationFactory


@pytest.fixture
def document(transactional_db, settings):
    settings.FORMAT_REQUEST_MIN_FILL_SECONDS = 0
    publication = PublicationFactory(title="Repairing harm", slug="repairing-harm")
    return AttachmentFactory(publication=publication, title="Full report")


@pytest.fixture
def phone(browser, live_server):
    """A 320 px wide phone with JavaScript off."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 320, "height": 640},
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def check_as_served(browser, live_server, assert_accessible):
    """axe, and the page's width, on exactly what the JavaScript-free phone shows.

    Scripts cannot run where JavaScript is off, axe included: the page's HTML is checked in a
    twin 320 px page at the same address, with its scripts stripped.
    """
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    twin = context.new_page()
    twin.set_default_timeout(10_000)

    def check(phone):
        twin.goto(phone.url)
        html = re.sub(r"<script\b.*?</script>", "", phone.content(), flags=re.DOTALL)
        twin.set_content(html)
        assert twin.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(twin)

    yield check
    context.close()


def test_a_visitor_requests_a_format_by_keyboard_without_javascript_at_320px(
    phone, document, check_as_served
):
    phone.goto("/publications/repairing-harm/")
    check_as_served(phone)
    phone.get_by_role("link", name="Request a different format of Full report").click()
    phone.wait_for_url(f"**/accessible-formats/repairing-harm/{document.pk}/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Request a different format"
    check_as_served(phone)

    # Sent empty: the error summary, still accessible.
    phone.get_by_role("button", name="Send request").click()
    assert "There is a problem" in phone.get_by_role("alert").inner_text()
    assert phone.title().startswith("Error: ")
    check_as_served(phone)

    phone.get_by_label("Large print: bigger text on the page").check()
    phone.get_by_label("Your email address").fill("reader@example.org")
    phone.get_by_label("When do you need it by?").fill("27/03/2099")
    phone.get_by_label("Your email address").press("Enter")
    phone.wait_for_url("**/accessible-formats/thank-you/")
    assert phone.get_by_role("heading", level=1).inner_text() == "We have your request"
    check_as_served(phone)
    request = FormatRequest.objects.get()
    assert (request.format, request.email, str(request.needed_by)) == (
        "large-print",
        "reader@example.org",
        "2099-03-27",
    )
