"""The editorial workflow in a real browser: an author edits a live publication, the public page
stays as it was, an approver (another account, with MFA) compares and sends it back, the author
fixes it, the approver publishes; the page, the list, the feed and followers' email show the new
version once; the history shows every step; restoring the first revision makes a draft."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from subscriptions.models import Subscriber, Subscription
from subscriptions.services import announcements_record
from subscriptions.tasks import announce_new_items
from tests.browser.test_admin_home import sign_in_with_totp
from tests.factories import staff_user
from tests.publications.factories import PublicationFactory

OLD_TITLE = "Restorative justice in prisons"
DRAFT_TITLE = "RJ in prisons"
NEW_TITLE = "Restorative justice in prisons: the 2026 review"
AUTHOR = ("publications.view_publication", "publications.change_publication")


@pytest.fixture
def newsroom(browser, live_server, settings, site_content):
    settings.SITE_URL = live_server.url
    announcements_record(baseline=True)  # the demo content is old news
    publication = PublicationFactory(
        title=OLD_TITLE, slug="rj-in-prisons", published_on=datetime.date.today()
    )
    follower = Subscriber.objects.create(
        email="ada@example.org", status=Subscriber.Status.CONFIRMED
    )
    Subscription.objects.create(
        subscriber=follower,
        target=Subscription.Target.PUBLICATIONS,
        frequency=Subscription.Frequency.IMMEDIATE,
        consent_text="Email me every new publication",
        confirmed_at=timezone.now(),
    )
    staff_user(is_superuser=False, email="sam@example.org", full_name="Sam", permissions=AUTHOR)
    staff_user(
        is_superuser=False,
        email="alex@example.org",
        full_name="Alex",
        permissions=(*AUTHOR, "publications.publish_publication"),
    )
    contexts = []

    def open_as(email=None):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if email:
            sign_in_with_totp(page, email)
        return page

    yield publication, open_as
    for context in contexts:
        context.close()


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def path_in(message) -> str:
    match = re.search(r"http\S+?(/admin/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def fits_and_is_accessible(page, assert_accessible):
    """axe-core finds nothing, and nothing scrolls sideways, at desktop and phone widths."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        overflow = page.evaluate(
            "[...document.querySelectorAll('table')].filter(t => t.scrollWidth > "
            "t.parentElement.clientWidth + 1).length + "
            "(document.documentElement.scrollWidth > window.innerWidth ? 1 : 0)"
        )
        detail = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
            " > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id"
            " + ':' + Math.round(e.getBoundingClientRect().right))"
        )
        assert overflow == 0, f"sideways scroll at {width} px on {page.url}: {detail}"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_author_edits_approver_sends_back_then_publishes(newsroom, assert_accessible):
    publication, open_as = newsroom

    def visit(path):
        # A new visitor each time: a browser may keep a public page for its max-age.
        visitor = open_as()
        visitor.goto(path)
        return visitor

    change = f"/admin/publications/publication/{publication.pk}/change/"

    author = open_as("sam@example.org")
    author.goto(change)
    expect(author.locator(".editorial-state")).to_contain_text("Live")
    expect(author.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    author.get_by_label("Title:", exact=True).fill(DRAFT_TITLE)
    author.get_by_label("Note about this change").fill("Shorter title")
    author.get_by_role("button", name="Save draft").click()
    expect(author.locator(".messagelist")).to_contain_text("The public page is unchanged")
    expect(author.locator(".editorial-state")).to_contain_text(
        "Draft changes not yet published — by Sam"
    )

    visitor = visit("/publications/rj-in-prisons/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(OLD_TITLE)

    author.get_by_role("button", name="Submit for review").click()
    expect(author.locator(".messagelist")).to_contain_text("Submitted for review")
    expect(author.locator(".editorial-state")).to_contain_text("Waiting for review")
    [request] = emails_to("alex@example.org")
    assert emails_to("sam@example.org") == []  # the editor is never their own approver

    approver = open_as("alex@example.org")
    approver.goto(path_in(request))
    compare = approver.locator("#compare")
    expect(compare.locator("del").first).to_contain_text("Restorative justice")
    expect(compare.locator("ins").first).to_contain_text("RJ")
    expect(compare.locator("ins .visually-hidden").first).to_have_text("[inserted: ")
    fits_and_is_accessible(approver, assert_accessible)
    approver.get_by_label("What needs changing").fill("Please keep the full name in the title.")
    approver.get_by_role("button", name="Send back to the editor").click()
    expect(approver.locator(".messagelist")).to_contain_text("Sent back")
    [sent_back] = emails_to("sam@example.org")
    assert "Please keep the full name in the title." in sent_back.body

    author.goto(change)
    expect(author.locator(".editorial-state")).to_contain_text(
        "Please keep the full name in the title."
    )
    author.get_by_label("Title:", exact=True).fill(NEW_TITLE)
    author.get_by_role("button", name="Submit for review").click()
    expect(author.locator(".messagelist")).to_contain_text("Submitted for review")
    visitor = visit("/publications/rj-in-prisons/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(OLD_TITLE)

    second_request = emails_to("alex@example.org")[-1]
    approver.goto(path_in(second_request))
    expect(approver.locator("#compare ins").first).to_contain_text("the 2026 review")
    approver.get_by_role("button", name="Approve and publish").click()
    expect(approver.locator(".messagelist")).to_contain_text("Published")

    visitor = visit("/publications/rj-in-prisons/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    visitor = visit("/publications/")
    expect(visitor.get_by_role("link", name=NEW_TITLE)).to_have_count(1)
    expect(visitor.get_by_text(OLD_TITLE, exact=True)).to_have_count(0)
    feed = visitor.request.get("/publications/feed/").text()
    assert feed.count(NEW_TITLE) >= 1 and DRAFT_TITLE not in feed

    announce_new_items.delay()  # what beat runs every five minutes
    announce_new_items.delay()
    [announcement] = emails_to("ada@example.org")
    assert NEW_TITLE in announcement.subject + announcement.body
    assert DRAFT_TITLE not in announcement.body

    approver.goto(f"/admin/publications/publication/{publication.pk}/history/")
    audit = approver.locator("#audit-list tbody tr")
    expect(audit).to_have_count(4)
    expect(audit.nth(0)).to_contain_text("Approved and published")
    expect(audit.nth(1)).to_contain_text("Submitted for review")
    expect(audit.nth(2)).to_contain_text("Sent back")
    expect(audit.nth(3)).to_contain_text("Submitted for review")
    revisions = approver.locator("#revision-list tbody tr")
    expect(revisions).to_have_count(3)  # the live version and two saves
    expect(revisions.nth(1)).to_contain_text("Published")
    expect(revisions.nth(2)).to_contain_text("Shorter title")
    fits_and_is_accessible(approver, assert_accessible)

    revisions.nth(2).get_by_role("button", name=re.compile("Restore as draft")).click()
    expect(approver.locator(".messagelist")).to_contain_text("Restored as a new draft")
    expect(approver.locator(".editorial-state")).to_contain_text("Draft changes not yet published")
    expect(approver.get_by_label("Title:", exact=True)).to_have_value(DRAFT_TITLE)
    visitor = visit("/publications/rj-in-prisons/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
