"""Playwright driving Debian's Chromium against pytest-django's live server, with axe-core.

Without Chromium these tests skip with the reason; with CJA_REQUIRE_BROWSER=1 (CI) they fail.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures
# in that same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if Path(candidate).is_file():
        return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        reason = "Chromium not found at $CHROMIUM or /usr/bin/chromium (apt-get install chromium)"
        if os.environ.get("CJA_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def totp_codes_survive_a_slow_submit(settings):
    """A code typed in the last seconds of its 30-second step may reach the server in the next
    one on a busy machine; the neighbouring step is accepted, as RFC 6238 allows."""
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def site_content(transactional_db):
    """The demo content, in the live server's database."""
    from django.core.management import call_command

    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


# Every rule on, in one call once axe-core is on the page.
EVERY_RULE = """() => axe.run(document, {
  rules: Object.fromEntries(axe.getRules().map(rule => [rule.ruleId, {enabled: true}])),
  resultTypes: ["violations"],
})"""


@pytest.fixture
def axe_report(axe):
    """axe-core's report of a page with every rule on (WCAG 2.2 target-size and best practices
    included): "" when it finds nothing."""
    from axe_playwright_python.base import AxeResults

    def report(page) -> str:
        # axe tells an icon font's ligatures ("insert_link") from text only once the font has
        # loaded: before, they read as words that the button's name does not contain.
        page.evaluate("document.fonts.ready.then(() => true)")
        # Once a page: the same page checked again (at another width) has it already.
        if page.evaluate("typeof axe === 'undefined'"):
            page.evaluate(axe.axe_script)
        results = AxeResults(page.evaluate(EVERY_RULE))
        return results.generate_report() if results.response["violations"] else ""

    return report


@pytest.fixture
def assert_accessible(axe_report):
    """Fail if axe-core, every rule on, finds anything on the page."""

    def check(page):
        report = axe_report(page)
        assert not report, f"axe found on {page.url}:\n" + report

    return check
