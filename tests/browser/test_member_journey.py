"""The whole journey of an expert group member, in a real browser.

Staff sign in with TOTP and invite a person from the admin; the person accepts the emailed link,
sets up an authenticator and signs in with it; they answer the meeting invitation, download a
paper, add the meeting to their calendar, and receive the reminder.
"""

import re
from datetime import timedelta

from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from cja_site.models import User
from expert_group.models import Meeting, Membership, Rsvp
from expert_group.services.meetings import meeting_schedule, paper_save
from expert_group.tasks import send_due_reminders
from notifications.models import Email
from tests.expert_group.factories import PaperFactory
from tests.factories import TEST_TOTP_SECRET, staff_user, totp_code

STAFF_PASSWORD = "a-long-test-password"
MEMBER_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
MEMBER_PASSWORD = "harbour-meadow-violet-42"


def sign_in_with_totp(page, email, password, secret, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()


def email_to(address, key_prefix):
    email = Email.objects.filter(key__startswith=key_prefix).order_by("-pk").first()
    assert email is not None and address in email.to, f"no {key_prefix} email to {address}"
    assert email.status == Email.Status.SENT
    return email


def sent_text(email) -> str:
    """The text the person received (a sent email with a private link keeps no body)."""
    (message,) = [m for m in mail.outbox if m.extra_headers.get("X-Outbox-Key") == email.key]
    return message.body


def test_invite_accept_sign_in_with_totp_answer_download_calendar_and_reminder(
    browser, live_server, transactional_db, tmp_path, assert_accessible
):
    staff = staff_user(email="staff@example.org", full_name="Sam Staff")
    staff_browser = browser.new_context(base_url=live_server.url)
    staff_page = staff_browser.new_page()
    sign_in_with_totp(staff_page, staff.email, STAFF_PASSWORD, TEST_TOTP_SECRET, "/admin/")
    staff_page.wait_for_url("**/admin/")
    staff_page.goto("/admin/expert_group/membership/invite/")
    staff_page.get_by_label("Email address").fill("ruth@example.org")
    staff_page.get_by_role("button", name="Send invitation").click()
    staff_page.wait_for_load_state()
    assert staff_page.get_by_text("Invitation emailed to ruth@example.org").is_visible()
    staff_browser.close()

    invitation = email_to("ruth@example.org", "expert-group-invitation-")
    link = re.search(
        r"https?://[^/\s]+(/expert-group/invitations/[^/\s]+/)",
        sent_text(invitation),
    )
    page = browser.new_context(base_url=live_server.url).new_page()
    page.goto(link.group(1))
    assert_accessible(page)
    page.get_by_label("Your full name").fill("Ruth Adeyemi")
    page.get_by_label("Choose a password").fill(MEMBER_PASSWORD)
    page.get_by_label("Type the password again").fill(MEMBER_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/expert-group/members/profile/")
    ruth = User.objects.get(email="ruth@example.org")
    assert ruth.membership.status == Membership.Status.ACTIVE
    page.context.clear_cookies()
    assert page.goto(link.group(1)).status == 410, "an invitation link works once"

    # Staff schedule a meeting in two days' time, with a paper; Ruth is emailed about it.
    starts_at = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    meeting = meeting_schedule(
        meeting=Meeting(
            title="Barriers to a restorative system",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            format=Meeting.Format.ONLINE,
            joining_link="https://meet.example.org/room-42",
        )
    )
    paper = PaperFactory.build(meeting=meeting, title="Options paper")
    paper_save(paper=paper, file_changed=True)
    email_to("ruth@example.org", f"meeting-{meeting.pk}-scheduled")

    # Ruth turns on TOTP, signs out, and signs in again with a code.
    TOTP.activate(ruth, MEMBER_SECRET)
    page.context.clear_cookies()
    sign_in_with_totp(page, ruth.email, MEMBER_PASSWORD, MEMBER_SECRET, "/expert-group/members/")
    page.wait_for_url("**/expert-group/members/")
    assert_accessible(page)

    page.get_by_role("link", name="Barriers to a restorative system", exact=True).first.click()
    assert page.get_by_text("https://meet.example.org/room-42").is_visible()
    page.get_by_label("Attending").check()
    page.get_by_role("button", name="Save my answer").click()
    assert page.get_by_text("Your answer is recorded: Attending").is_visible()
    assert Rsvp.objects.get(user=ruth, meeting=meeting).response == Rsvp.Response.ATTENDING

    with page.expect_download() as download:
        page.get_by_role("region", name="Papers").get_by_role("link", name="Options paper").click()
    download.value.save_as(tmp_path / "paper.pdf")
    assert (tmp_path / "paper.pdf").read_bytes().startswith(b"%PDF")

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    download.value.save_as(tmp_path / "meeting.ics")
    (event,) = Calendar.from_ical((tmp_path / "meeting.ics").read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART") == starts_at
    assert str(event["UID"]).startswith(meeting.uid)

    # Beat runs the reminder job; Ruth gets one reminder, however often it runs.
    send_due_reminders.delay()
    send_due_reminders.delay()
    reminders = [
        email
        for email in Email.objects.filter(key__startswith=f"meeting-{meeting.pk}-reminder-")
        if "ruth@example.org" in email.to
    ]
    assert len(reminders) == 1
    assert reminders[0].status == Email.Status.SENT
    assert "Barriers to a restorative system" in sent_text(reminders[0])
