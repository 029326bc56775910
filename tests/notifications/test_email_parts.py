"""Every email the site sends is text and HTML (multipart/alternative), and its Message-ID is on
SITE_URL's domain: read back with Python's own email parser, as a mail program would."""

import re
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.utils import timezone

from expert_group.services.meetings import (
    meeting_cancel,
    meeting_schedule,
    quorum_check,
    reminders_send_due,
)
from expert_group.services.membership import membership_invite
from formats import services as format_services
from tests.expert_group.factories import MeetingFactory, MembershipFactory
from tests.factories import UserFactory, verified
from tests.formats.conftest import attach_alternative, document, format_settings, submit

pytestmark = pytest.mark.django_db

__all__ = ["document", "format_settings", "submit"]  # fixtures used below


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://www.example.org.uk"


def parsed(message):
    """The message as it goes over the wire, parsed back."""
    return message_from_bytes(message.message().as_bytes(), policy=policy.default)


def parts(message) -> dict[str, str]:
    """The alternative bodies of a parsed message, by content type."""
    [alternative] = [
        part for part in message.walk() if part.get_content_type() == "multipart/alternative"
    ]
    return {part.get_content_type(): part.get_content() for part in alternative.iter_parts()}


def links(text: str) -> set[str]:
    return set(re.findall(r"https?://[^\s<>\"]+[^\s<>\".,)]", text))


def assert_text_and_html(message):
    wire = parsed(message)
    bodies = parts(wire)
    assert set(bodies) == {"text/plain", "text/html"}, message.subject
    html = bodies["text/html"]
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert 'lang="en-GB"' in html
    # Every link the text gives is a link in the HTML too.
    for link in links(bodies["text/plain"]):
        assert f'href="{link}"' in html.replace("&amp;", "&"), (message.subject, link)
    assert re.fullmatch(r"<[^@<>]+@www\.example\.org\.uk>", wire["Message-ID"]), wire["Message-ID"]
    return wire


def sent(django_capture_on_commit_callbacks, action):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action()
    assert mail.outbox, "nothing was sent"
    return list(mail.outbox)


def test_meeting_notices_are_text_and_html(django_capture_on_commit_callbacks):
    MembershipFactory(user=UserFactory(email="keen@example.org"))
    UserFactory(email="staff@example.org", is_staff=True)
    start = timezone.now() + timedelta(days=2)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))

    notices = sent(django_capture_on_commit_callbacks, lambda: meeting_schedule(meeting=meeting))
    notices += sent(django_capture_on_commit_callbacks, reminders_send_due)
    notices += sent(django_capture_on_commit_callbacks, quorum_check)
    notices += sent(django_capture_on_commit_callbacks, lambda: meeting_cancel(meeting=meeting))
    for message in notices:
        wire = assert_text_and_html(message)
        if "calendar" in message.body.lower() and "cancel" not in message.subject.lower():
            # The calendar entry rides along as an attachment beside the two bodies.
            assert "text/calendar" in {part.get_content_type() for part in wire.walk()}
    subjects = " | ".join(message.subject for message in notices)
    for kind in ("scheduled", "Reminder", "Low attendance", "cancelled"):
        assert kind.lower() in subjects.lower(), subjects


def test_an_invitation_is_text_and_html(django_capture_on_commit_callbacks):
    [invitation] = sent(
        django_capture_on_commit_callbacks,
        lambda: membership_invite(email="new-member@example.org"),
    )
    assert_text_and_html(invitation)
    assert "/expert-group/invitations/" in parts(parsed(invitation))["text/html"]


def test_a_password_reset_is_text_and_html(client, django_capture_on_commit_callbacks):
    member = verified(UserFactory(email="member@example.org"))
    [reset] = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post("/accounts/password/reset/", {"email": member.email}),
    )
    html = parts(assert_text_and_html(reset))["text/html"]
    assert 'href="https://www.example.org.uk/accounts/password/reset/key/' in html


def test_format_request_emails_are_text_and_html(
    submit, document, django_capture_on_commit_callbacks
):
    emails = sent(django_capture_on_commit_callbacks, submit)  # staff alert and acknowledgement
    request = document.format_requests.get()
    emails += sent(
        django_capture_on_commit_callbacks,
        lambda: format_services.format_requests_remind(today=request.remind_on),
    )
    emails += sent(django_capture_on_commit_callbacks, lambda: attach_alternative(document))
    assert len(emails) == 4, [message.subject for message in emails]
    for message in emails:
        assert_text_and_html(message)
