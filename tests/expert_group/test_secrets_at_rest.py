"""No usable secret at rest: a full dump of the database, or the admin, yields no working link,
feed address or second factor; and links in email are on SITE_URL whatever Host was sent."""

import io
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from expert_group.services.meetings import calendar_feed_regenerate, meeting_schedule
from expert_group.services.membership import membership_invite
from notifications.delivery import email_content, email_deliver
from notifications.models import Email
from tests.factories import TEST_TOTP_SECRET, staff_user, totp_code

from .factories import MeetingFactory, MembershipFactory, verified

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/[^\s]+)")


def links_in(email: Email) -> list[str]:
    """The paths of every link in an email's real (decrypted) text."""
    return LINK.findall(email_content(email=email).text)


def reset_email(client, address, **extra) -> Email:
    response = client.post(reverse("account_reset_password"), {"email": address}, **extra)
    assert response.status_code == 302
    return Email.objects.filter(key__startswith="account-password_reset_key-").latest("pk")


def dump_everything() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def test_a_full_dump_holds_no_working_link_or_secret(client):
    member = MembershipFactory()
    verified(member.user)
    invitation = membership_invite(email="newcomer@example.org")
    feed = calendar_feed_regenerate(user=member.user)
    meeting_schedule(meeting=MeetingFactory.build())
    reset = reset_email(client, member.email)
    staff = staff_user()  # with a TOTP authenticator
    recovery_codes = RecoveryCodes.activate(staff).generate_codes()

    # Every private link that went into an email, as paths.
    reset_path = next(p for p in links_in(reset) if "/password/reset/key/" in p)
    rsvp_paths = [
        p for p in links_in(Email.objects.get(key__contains="-scheduled-")) if "/rsvp/" in p
    ]
    invitation_path = reverse("expert_group:invitation-accept", args=[invitation.token])
    secrets = [
        invitation.token,
        invitation_path,
        feed.token,
        feed.path,
        reset_path,
        reset_path.rstrip("/").rsplit("/", 1)[-1],  # the key alone
        *rsvp_paths,
        TEST_TOTP_SECRET,
        *recovery_codes,
    ]
    assert len(rsvp_paths) == 3
    # They all work (so finding none in the dump means something).
    assert client.get(feed.path).status_code == 200
    assert client.get(invitation_path, follow=True).status_code == 200
    assert client.get(rsvp_paths[0]).status_code == 200
    assert client.get(reset_path).status_code == 302  # on to the set-password form

    # One email has gone out (body wiped), the rest wait in the outbox (body encrypted).
    assert email_deliver(email_id=reset.pk).status == Email.Status.SENT
    assert reset_path in mail.outbox[0].body

    dump = dump_everything()
    assert "mfa.authenticator" in dump
    assert "notifications.email" in dump
    assert "expert_group.calendarfeed" in dump
    found = [secret for secret in secrets if secret in dump]
    assert found == []


def test_sealed_emails_are_redacted_in_the_admin_and_wiped_once_sent(client):
    issued = membership_invite(email="newcomer@example.org")
    email = Email.objects.get(key=f"expert-group-invitation-{issued.invitation.pk}")
    client.force_login(staff_user())
    url = reverse("admin:notifications_email_change", args=[email.pk])
    page = client.get(url).content.decode()
    assert "[redacted: contains a private link]" in page
    assert issued.token not in page
    assert "/expert-group/invitations/" not in page

    email_deliver(email_id=email.pk)
    assert issued.token in mail.outbox[0].body  # decrypted to send
    email.refresh_from_db()
    assert (email.status, email.text_body, email.html_body) == (Email.Status.SENT, "", "")
    assert email.subject and email.to == ["newcomer@example.org"] and email.sent_at
    page = client.get(url).content.decode()
    assert "[wiped once sent: it contained a private link]" in page


def test_meeting_emails_keep_their_calendar_attachment_sealed_until_sent(group_member):
    meeting_schedule(meeting=MeetingFactory.build(joining_link="https://meet.example/secret-9"))
    email = Email.objects.get()
    assert email.sealed
    assert "BEGIN:VCALENDAR" not in str(email.attachments)
    assert "BEGIN:VCALENDAR" in email_content(email=email).attachments[0].content
    email_deliver(email_id=email.pk)
    (_, content, mimetype) = mail.outbox[0].attachments[0]
    assert "BEGIN:VCALENDAR" in content and mimetype.startswith("text/calendar")
    email.refresh_from_db()
    assert email.attachments == [{"filename": "meeting.ics", "mimetype": mimetype}]


@pytest.fixture
def group_member(db):
    return MembershipFactory()


def test_authenticator_secrets_are_encrypted_and_still_sign_in(client):
    staff = staff_user()
    stored = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP).data["secret"]
    assert stored != TEST_TOTP_SECRET
    response = client.post(
        reverse("account_login"), {"login": staff.email, "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(staff.pk)


def test_reset_links_use_site_url_whatever_host_the_request_named(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    settings.SITE_URL = "https://www.example.org.uk"
    member = MembershipFactory()
    verified(member.user)
    email = reset_email(client, member.email, HTTP_HOST="127.0.0.1:31337")
    text = email_content(email=email).text
    links = re.findall(r"https?://\S+", text)
    assert links
    assert all(link.startswith("https://www.example.org.uk/") for link in links), links
    assert "31337" not in text


def test_keys_can_be_rotated_without_losing_mail_or_authenticators(settings):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [old]
    issued = membership_invite(email="newcomer@example.org")
    staff = staff_user()
    settings.ENCRYPTION_KEYS = [new, old]
    call_command("encryption_rotate", stdout=io.StringIO())
    settings.ENCRYPTION_KEYS = [new]  # the old key is gone

    email = Email.objects.get(key=f"expert-group-invitation-{issued.invitation.pk}")
    assert email_deliver(email_id=email.pk).status == Email.Status.SENT
    assert issued.token in mail.outbox[0].body
    totp = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    assert totp.wrap().validate_code(totp_code())


def test_a_sealed_email_no_key_opens_fails_with_a_clear_error(settings):
    from cryptography.fernet import Fernet

    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    membership_invite(email="newcomer@example.org")
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # the key was lost
    email = email_deliver(email_id=Email.objects.get().pk)
    assert email.status == Email.Status.PENDING
    assert "No key in ENCRYPTION_KEYS opens this email" in email.last_error
