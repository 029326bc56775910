"""Email updates in a real browser: subscribe, confirm from the email, receive an announcement
with one-click unsubscribe headers, unsubscribe, receive nothing more. The journey runs with
JavaScript off; run again with it on, axe-core checks every page on the way and the pages fit a
320 px screen (axe and the width check need JavaScript themselves)."""

import datetime
import re

import pytest
from django.core import mail

from campaigns.models import Campaign
from subscriptions.links import manage_url
from subscriptions.services import announcements_record
from subscriptions.tasks import announce_new_items
from tests.publications.factories import PublicationFactory
from tests.subscriptions.factories import follower


@pytest.fixture(params=[False, True], ids=["javascript-off", "javascript-on-with-axe"])
def journey(request, browser, live_server, settings, site_content, assert_accessible):
    """A page, and `check(page)`: axe and the 320 px check when JavaScript is on."""
    settings.SITE_URL = live_server.url
    announcements_record(baseline=True)  # the demo content is old news
    javascript = request.param
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)

    def check(page, *, width=True):
        if javascript:
            assert_accessible(page)
            if width:
                fits_320(page)

    yield page, check
    context.close()


def link_in(message, name):
    match = re.search(rf"http\S+/updates/{name}/[^/\s]+/", message.body)
    assert match, f"no {name} link in:\n{message.body}"
    return match.group(0)


def publish_news(campaign, title):
    publication = PublicationFactory(title=title, published_on=datetime.date.today())
    campaign.related_publications.add(publication)
    announce_new_items.delay()  # what beat runs every five minutes


def to_ada():
    return [message for message in mail.outbox if message.to == ["ada@example.org"]]


def fits_320(page):
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})


def test_subscribe_confirm_receive_and_unsubscribe(journey):
    page, assert_accessible = journey
    campaign = Campaign.objects.published().order_by("title").first()
    page.goto(campaign.get_absolute_url())
    page.get_by_role("link", name="Get email updates about this campaign").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"Get email updates about the campaign “{campaign.title}”"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Get email updates").click()
    assert "Enter your email address" in page.get_by_role("alert").inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    page.get_by_label("Your email address").fill("ada@example.org")
    page.get_by_label("As it happens").check()
    page.get_by_role("button", name="Get email updates").click()
    page.wait_for_url("**/updates/check-your-email/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert_accessible(page)

    [confirmation] = to_ada()
    assert confirmation.to == ["ada@example.org"]
    page.goto(link_in(confirmation, "confirm"))
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm your email updates"
    assert_accessible(page)
    page.get_by_role("button", name="Yes, send me these updates").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "You are signed up for email updates"
    )
    assert_accessible(page)

    publish_news(campaign, "A new briefing")
    [update] = to_ada()[1:]
    assert update.subject == "New briefing: A new briefing"
    headers = update.message()
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url == link_in(update, "unsubscribe")

    page.goto(link_in(update, "manage"))
    assert page.get_by_role("heading", level=1).inner_text() == "Your email updates"
    assert_accessible(page)

    page.goto(unsubscribe_url)
    assert page.get_by_role("heading", level=1).inner_text() == "Stop all email updates"
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe from everything").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You are unsubscribed"
    assert_accessible(page)

    publish_news(campaign, "Another briefing")
    assert len(to_ada()) == 2, "no email after unsubscribing"


def test_changing_how_often_on_the_manage_page(journey):

    ada = follower(email="ada@example.org")
    page, assert_accessible = journey
    page.goto(manage_url(subscriber=ada))
    page.get_by_label("Weekly digest").check()
    page.get_by_role("button", name="Save how often").click()
    assert (
        "Updates about every new publication: weekly digest."
        in page.get_by_role("status").inner_text()
    )
    assert page.get_by_label("Weekly digest").is_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Stop these updates").click()
    assert "You do not follow anything" in page.content()
    assert_accessible(page)


def test_a_broken_link_explains_what_to_do(journey):
    page, assert_accessible = journey
    response = page.goto("/updates/confirm/not-a-real-link/")
    assert response.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == "This link does not work"
    assert_accessible(page)


def test_the_publications_list_offers_updates_on_a_topic(journey):
    page, assert_accessible = journey
    page.goto("/publications/?topic=prisons")
    page.get_by_role("link", name="Get email updates about Prisons").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Get email updates about the topic “Prisons”"
    )
    assert_accessible(page)
    page.goto("/publications/")
    page.get_by_role("link", name="Get email updates about new publications").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Get email updates about every new publication"
    )
