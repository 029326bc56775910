"""The "Exit this page" button: on the pages flagged for it, first in the tab order."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cja_site.models import Page
from tests.caches import every_cache_cleared
from tests.factories import PageFactory, staff_user

pytestmark = pytest.mark.django_db

BUTTON = 'class="exit-this-page__button" href="/exit/"'


class FocusOrder(HTMLParser):
    """The links, buttons and fields of a page, in document (so keyboard) order."""

    FOCUSABLE = {"a", "button", "input", "select", "textarea", "summary"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("tabindex") == "-1" or attrs.get("type") == "hidden":
            return
        if tag in self.FOCUSABLE and (tag != "a" or "href" in attrs):
            self.found.append(attrs.get("class") or tag)


def focus_order(html: str) -> list[str]:
    parser = FocusOrder()
    parser.feed(html)
    return parser.found


def test_a_flagged_page_shows_the_button_and_explains_it(client):
    PageFactory(slug="finding-help", show_exit_button=True)
    html = client.get("/finding-help/").content.decode()
    assert BUTTON in html
    # GOV.UK's wording: "Emergency" for screen readers only.
    assert '><span class="visually-hidden">Emergency</span> Exit this page</a>' in html
    assert 'rel="nofollow noreferrer"' in html
    assert 'href="/staying-safe-online/">What this button does</a>' in html
    assert 'role="status"' in html
    assert "js/exit-this-page.js" in html


def test_other_pages_have_no_button(client, demo_content):
    PageFactory(slug="ordinary")
    for path in ("/", "/ordinary/", "/about/", "/campaigns/", "/publications/", "/contact/"):
        html = client.get(path).content.decode()
        assert "exit-this-page" not in html, path


def test_the_exit_button_comes_before_the_skip_link(client):
    """Leaving comes first: the first Tab lands on it, the second on "Skip to main content"."""
    PageFactory(slug="finding-help", show_exit_button=True)
    order = focus_order(client.get("/finding-help/").content.decode())
    assert order[:3] == ["exit-this-page__button", "exit-this-page__about", "skip-link"]


def test_without_the_button_the_skip_link_is_still_first(client):
    PageFactory(slug="ordinary")
    assert focus_order(client.get("/ordinary/").content.decode())[0] == "skip-link"


def test_the_staying_safe_page_has_the_button_and_says_what_it_cannot_do(client, demo_content):
    page = Page.objects.get(slug="staying-safe-online")
    assert page.show_exit_button
    html = client.get("/staying-safe-online/").content.decode()
    assert BUTTON in html
    assert "<h1>Staying safe online</h1>" in html
    assert "It does not delete your browser history" in html
    assert "Private browsing" in html
    assert "keeps you safe" not in html and "keep you safe" not in html


def test_the_button_costs_no_query(client, django_assert_num_queries):
    PageFactory(slug="ordinary")
    PageFactory(slug="finding-help", show_exit_button=True)
    for path in ("/ordinary/", "/finding-help/"):
        every_cache_cleared()
        # The page, and when the next scheduled item goes public (for the page cache).
        with django_assert_num_queries(2):
            client.get(path)


def test_staff_tick_the_button_on_a_page_in_the_admin(client):
    page = PageFactory(slug="finding-help")
    client.force_login(staff_user())
    change_url = reverse("admin:cja_site_page_change", args=[page.pk])
    html = client.get(change_url).content.decode()
    assert "Show the &#x27;Exit this page&#x27; button" in html
    assert 'name="show_exit_button"' in html
