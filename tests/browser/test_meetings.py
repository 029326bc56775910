"""The members' meeting pages in a real browser: axe-clean, and the member's flow from the
dashboard to an answer, a paper and a calendar entry."""

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from expert_group.models import Meeting, Minutes, Paper, PaperView, Rsvp
from expert_group.services.meetings import rsvp_link_token
from tests.expert_group.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    PaperFactory,
)
from tests.factories import UserFactory


@pytest.fixture
def member(transactional_db):
    return MembershipFactory(user=UserFactory(full_name="Mina Member")).user


@pytest.fixture
def full_meeting(transactional_db):
    """An upcoming meeting with everything a meeting page can show."""
    meeting = MeetingFactory(title="Everything meeting")
    for title in ("Strategy paper", "Budget paper"):
        paper = PaperFactory(meeting=meeting, title=title)
        AgendaItemFactory(meeting=meeting, title=f"Discuss the {title.lower()}").papers.add(paper)
    MinutesFactory(meeting=meeting, status=Minutes.Status.APPROVED)
    return meeting


def signed_in(page, live_server, user):
    """Sign in by handing the browser a session cookie (the login form is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_dashboard_is_accessible(page, live_server, site_content, member, assert_accessible):
    signed_in(page, live_server, member)
    response = page.goto("/expert-group/members/")
    assert response.status == 200
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Members\N{RIGHT SINGLE QUOTATION MARK} area"
    )
    assert page.get_by_role("heading", name="Open actions").is_visible()
    assert_accessible(page)


def test_meeting_page_with_agenda_papers_form_and_minutes_is_accessible(
    page, live_server, member, full_meeting, assert_accessible
):
    paper = full_meeting.papers.first()
    Paper.objects.filter(pk=paper.pk).update(version=2, replaced_at=timezone.now())
    PaperView.objects.create(paper=paper, user=member, version=1)
    signed_in(page, live_server, member)
    page.goto(full_meeting.get_absolute_url())
    assert page.get_by_text("Updated since you last opened it").is_visible()
    for heading in ("Your answer", "Agenda", "Papers", "Minutes", "Actions"):
        assert page.get_by_role("heading", name=heading, level=2).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save my answer").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    page.get_by_role("link", name="This field is required.").click()
    assert page.evaluate("document.activeElement.id") == "id_response_0"


@pytest.mark.parametrize("which", ["past", "upcoming"])
def test_demo_meeting_pages_are_accessible(
    page, live_server, site_content, member, assert_accessible, which
):
    meetings = Meeting.objects.order_by("starts_at")
    meeting = meetings.first() if which == "past" else meetings.last()
    signed_in(page, live_server, member)
    assert page.goto(meeting.get_absolute_url()).status == 200
    assert_accessible(page)
    if which == "past":
        page.goto(f"/expert-group/members/meetings/{meeting.pk}/minutes/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Minutes")
        assert_accessible(page)


def test_calendar_subscription_page_is_accessible(page, live_server, member, assert_accessible):
    signed_in(page, live_server, member)
    page.goto("/expert-group/members/calendar/")
    page.get_by_role("button", name="Make my calendar address").click()
    assert page.locator(".feed-url code").inner_text().startswith(live_server.url.split(":")[0])
    assert_accessible(page)


def test_rsvp_from_an_email_link_without_signing_in(page, member, assert_accessible):
    meeting = MeetingFactory(title="Linked meeting")
    token = rsvp_link_token(meeting=meeting, user=member, response="attending")
    page.goto(f"/expert-group/rsvp/{token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm your answer"
    assert_accessible(page)
    assert not Rsvp.objects.exists()
    page.get_by_label("Access needs").fill("A seat near the door")
    page.get_by_role("button", name="Confirm: Attending").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Thank you")
    assert_accessible(page)
    rsvp = Rsvp.objects.get()
    assert (rsvp.user, rsvp.response, rsvp.access_needs) == (
        member,
        "attending",
        "A seat near the door",
    )


def test_a_broken_rsvp_link_is_an_accessible_400(page, assert_accessible, transactional_db):
    response = page.goto("/expert-group/rsvp/not-a-real-token/")
    assert response.status == 400
    assert_accessible(page)


def test_member_answers_downloads_a_paper_and_adds_the_meeting_to_a_calendar(
    page, live_server, member, full_meeting, tmp_path
):
    signed_in(page, live_server, member)
    page.goto("/expert-group/members/")
    page.get_by_role("link", name="Everything meeting", exact=True).click()
    assert page.get_by_text("https://meet.example.org/secret-room-123").is_visible()

    page.get_by_label("Attending").check()
    page.get_by_label("Access needs").fill("Step-free route, please")
    page.get_by_role("button", name="Save my answer").click()
    assert page.get_by_text("Your answer is recorded: Attending").is_visible()
    assert Rsvp.objects.get(user=member, meeting=full_meeting).response == "attending"

    papers = page.get_by_role("region", name="Papers")
    with page.expect_download() as download_info:
        papers.get_by_role("link", name="Strategy paper").click()
    download = download_info.value
    assert download.suggested_filename == "strategy-paper-v1.pdf"
    path = tmp_path / "paper.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    page.reload()
    assert "Not opened yet" in page.get_by_role("region", name="Papers").inner_text()  # the other

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    ics = tmp_path / "meeting.ics"
    download_info.value.save_as(ics)
    (event,) = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Everything meeting"
    assert event.decoded("DTSTART") == full_meeting.starts_at


def test_meeting_page_fits_a_320px_screen(browser, live_server, member, full_meeting):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = signed_in(context.new_page(), live_server, member)
    page.goto(full_meeting.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
