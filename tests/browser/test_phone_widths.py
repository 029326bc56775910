"""Every members' and account page fits a phone: nothing scrolls sideways at 320 or 390 px."""

from datetime import timedelta

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.utils import timezone

from expert_group.models import Minutes
from expert_group.services.membership import membership_invite
from tests.expert_group.factories import (
    PASSWORD,
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    PaperFactory,
    RsvpFactory,
    staff_user,
    totp_code,
    verified,
)

WIDTHS = (320, 390)
# The innermost elements that stick out on the right, to name the culprit in a failure.
OVERFLOWING_ELEMENTS = """() => {
    const sticksOut = el => el.getBoundingClientRect().right > window.innerWidth + 0.5;
    return [...document.querySelectorAll("body *")]
        .filter(el => sticksOut(el) && ![...el.children].some(sticksOut))
        .slice(0, 10)
        .map(el => `  ${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 40)}`);
}"""


@pytest.fixture
def member(transactional_db):
    membership = MembershipFactory(role="chair", organisation="Restorative Justice Council")
    return verified(membership.user)


@pytest.fixture
def meetings(member):
    """A coming meeting and a past one, with everything the members' pages can show."""
    coming = MeetingFactory(
        title="Quarterly meeting of the Restorative Expert Group",
        joining_link="https://meet.example.org/j/8237461923?pwd=Q0RZbFJ6aGdYc2t3V2VqTjRLNUtzUT09",
    )
    past = MeetingFactory(
        title="Spring meeting", starts_at=timezone.now() - timedelta(days=30), format="in_person"
    )
    for meeting in (coming, past):
        paper = PaperFactory(meeting=meeting, title="Draft strategy for restorative practice")
        AgendaItemFactory(
            meeting=meeting, title="Restorative approaches in youth justice"
        ).papers.add(paper)
        RsvpFactory(meeting=meeting, user=member, access_needs="A hearing loop")
        ActionFactory(
            raised_at=meeting,
            owner=member,
            due_on=timezone.localdate() + timedelta(days=7),
            text="Circulate the revised terms of reference to every member before the meeting",
        )
        ActionFactory(raised_at=meeting, text="Ask the Ministry of Justice for its figures")
    MinutesFactory(meeting=past, status=Minutes.Status.APPROVED)
    return coming, past


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def reauthenticate(page):
    """Confirm the password, as allauth asks before its security pages."""
    page.goto("/accounts/reauthenticate/?next=/accounts/2fa/")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form button").first.click()
    page.wait_for_url("**/accounts/2fa/")


def too_wide(page, label: str) -> list[str]:
    """Measure the page already loaded at each width; describe any that scroll sideways."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_function(f"window.innerWidth === {width}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(f"{label} is {scroll_width}px wide at {width}px")
            problems += page.evaluate(OVERFLOWING_ELEMENTS)
    return problems


def visit(page, path: str) -> list[str]:
    response = page.goto(path)
    assert response.status < 500, path
    assert "/reauthenticate/" not in page.url or "/reauthenticate/" in path, path
    return too_wide(page, path)


def test_members_and_their_account_pages_fit_a_phone(page, member, meetings):
    coming, past = meetings
    sign_in(page, member.email)
    page.wait_for_url("**/expert-group/members/")
    problems = visit(page, "/accounts/reauthenticate/")
    reauthenticate(page)
    for path in (
        "/expert-group/members/",
        coming.get_absolute_url(),
        past.get_absolute_url(),
        f"/expert-group/members/meetings/{past.pk}/minutes/",
        "/expert-group/members/profile/",
        "/expert-group/members/calendar/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/accounts/2fa/webauthn/add/",
        "/accounts/sessions/",
        "/accounts/logout/",
    ):
        problems += visit(page, path)
    page.goto("/expert-group/members/calendar/")
    page.locator("main form button").first.click()
    page.wait_for_load_state()
    problems += too_wide(page, "the calendar page with an address")
    assert not problems, "\n".join(problems)


def test_staff_account_pages_fit_a_phone(page, transactional_db, meetings):
    staff = staff_user(email="staff@example.org")
    MinutesFactory(meeting=meetings[0])  # a draft only staff see
    sign_in(page, staff.email)
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    problems = too_wide(page, "the two-factor sign-in page")
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/expert-group/members/")
    reauthenticate(page)
    for path in (
        "/expert-group/members/",
        meetings[0].get_absolute_url(),
        f"/expert-group/members/meetings/{meetings[0].pk}/minutes/",
        "/expert-group/members/profile/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/generate/",
    ):
        problems += visit(page, path)
    page.locator("main form button").first.click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    problems += too_wide(page, "/accounts/2fa/recovery-codes/")
    assert not problems, "\n".join(problems)


def test_signed_out_account_pages_fit_a_phone(page, member):
    issued = membership_invite(email="invited@example.org")
    key = default_token_generator.make_token(member)
    problems = []
    for path in (
        "/accounts/login/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        f"/accounts/password/reset/key/{user_pk_to_url_str(member)}-{key}/",
        "/accounts/password/reset/key/1-not-a-key/",
        "/accounts/signup/",
        f"/expert-group/invitations/{issued.token}/",
        "/expert-group/",
        "/search/?q=" + "restorative+" * 30,
        "/no-such-page/",
    ):
        problems += visit(page, path)
    page.goto(f"/expert-group/invitations/{issued.token}/")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_load_state()
    problems += too_wide(page, "the invitation page with errors")
    assert not problems, "\n".join(problems)
