"""Who is emailed about meetings, when, and only once: everything goes through the outbox."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import timezone
from icalendar import Calendar

from expert_group import tasks
from expert_group.models import Meeting, Membership, Minutes, ReminderSent, Rsvp
from expert_group.services.meetings import (
    meeting_cancel,
    meeting_schedule,
    meeting_update,
    minutes_circulate,
    paper_circulate,
    paper_save,
    quorum_check,
    reminders_send_due,
)
from notifications.delivery import email_content
from notifications.models import Email
from tests.factories import UserFactory

from .factories import (
    PDF_BYTES,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    PaperFactory,
    RsvpFactory,
)

pytestmark = pytest.mark.django_db

JOINING_LINK = "https://meet.example.org/secret-room-123"


@pytest.fixture
def group(db):
    """Two active members (one wants no meeting notices), and people who must never be emailed."""
    return {
        "keen": MembershipFactory(user=UserFactory(email="keen@example.org")),
        "quiet": MembershipFactory(
            user=UserFactory(email="quiet@example.org"),
            email_meeting_notices=False,
            email_reminders=False,
            email_papers=False,
        ),
        "ended": MembershipFactory(
            user=UserFactory(email="ended@example.org"), status=Membership.Status.ENDED
        ),
        "invited": MembershipFactory(
            user=None, email="invited@example.org", status=Membership.Status.INVITED
        ),
        "staff": UserFactory(email="staff@example.org", is_staff=True),
    }


def recipients(template=None):
    emails = Email.objects.all()
    if template:
        emails = emails.filter(subject__icontains=template)
    return sorted(address for email in emails for address in email.to)


def ics_of(email) -> Calendar:
    (attachment,) = email_content(email=email).attachments
    assert attachment.mimetype.startswith("text/calendar")
    return Calendar.from_ical(attachment.content)


def soon(days=2):
    start = timezone.now() + timedelta(days=days)
    return {"starts_at": start, "ends_at": start + timedelta(hours=2)}


def test_scheduling_emails_active_members_who_want_notices_with_an_invitation(client, group):
    meeting = meeting_schedule(meeting=MeetingFactory.build(title="Planning day"))
    assert recipients() == ["keen@example.org"]
    email = Email.objects.get()
    assert email.key == f"meeting-{meeting.pk}-scheduled-v0-user-{group['keen'].user.pk}"
    assert "Planning day" in email.subject
    assert JOINING_LINK in email_content(email=email).text
    assert "&amp;" not in email_content(email=email).text
    calendar = ics_of(email)
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]).startswith(meeting.uid)
    assert JOINING_LINK in str(event["DESCRIPTION"])


def test_the_one_click_links_in_an_email_work(client, group):
    meeting = meeting_schedule(meeting=MeetingFactory.build())
    body = email_content(email=Email.objects.get()).text
    links = dict(re.findall(r"- (Attending|Sending apologies|Maybe): (\S+)", body))
    assert set(links) == {"Attending", "Sending apologies", "Maybe"}
    assert all(
        link.startswith("http://127.0.0.1:8000/expert-group/rsvp/") for link in links.values()
    )
    path = links["Sending apologies"].removeprefix("http://127.0.0.1:8000")
    assert client.get(path).status_code == 200
    client.post(path)
    rsvp = Rsvp.objects.get()
    assert (rsvp.meeting, rsvp.user, rsvp.response) == (meeting, group["keen"].user, "apologies")


def test_a_change_sends_an_updated_invitation_once(group):
    meeting = meeting_schedule(meeting=MeetingFactory.build())
    meeting.venue = "The new room"
    meeting_update(meeting=meeting, changed_fields=["venue"])
    changed = Email.objects.get(key__contains="-changed-")
    assert changed.key.endswith(f"-changed-v1-user-{group['keen'].user.pk}")
    assert "The new room" in email_content(email=changed).text
    assert ics_of(changed).walk("VEVENT")[0]["SEQUENCE"] == 1
    meeting_update(meeting=meeting, changed_fields=[])
    assert Email.objects.filter(key__contains="-changed-").count() == 1


def test_cancelling_sends_method_cancel_once(group):
    meeting = MeetingFactory()
    meeting_cancel(meeting=meeting)
    meeting_cancel(meeting=meeting)
    email = Email.objects.get()
    assert recipients() == ["keen@example.org"]
    assert "Cancelled" in email.subject
    assert str(ics_of(email)["METHOD"]) == "CANCEL"


def test_reminders_are_sent_once_to_members_who_want_them(group, settings):
    settings.MEETING_REMINDER_DAYS = 3
    meeting = MeetingFactory(**soon(2))
    MeetingFactory(**soon(10))  # not due yet
    MeetingFactory(status=Meeting.Status.CANCELLED, **soon(1))

    assert reminders_send_due() == 1
    assert reminders_send_due() == 0
    assert recipients() == ["keen@example.org"]
    email = Email.objects.get()
    assert email.subject.startswith("Reminder:")
    assert ReminderSent.objects.get().meeting == meeting


def test_reminders_through_the_celery_task(group):
    MeetingFactory(**soon(1))
    assert tasks.send_due_reminders.delay().get() == 1
    assert tasks.send_due_reminders.delay().get() == 0
    assert Email.objects.count() == 1


def test_a_moved_meeting_earns_a_fresh_reminder(group):
    meeting = MeetingFactory(**soon(1))
    reminders_send_due()
    meeting.starts_at += timedelta(hours=3)
    meeting.ends_at += timedelta(hours=3)
    meeting_update(meeting=meeting, changed_fields=["starts_at", "ends_at"])
    assert reminders_send_due() == 1
    assert Email.objects.filter(subject__startswith="Reminder:").count() == 2


def test_a_member_who_joins_late_still_gets_the_reminder(group):
    MeetingFactory(**soon(1))
    reminders_send_due()
    MembershipFactory(user=UserFactory(email="new@example.org"))
    assert reminders_send_due() == 1
    assert recipients("Reminder") == ["keen@example.org", "new@example.org"]


def test_staff_are_alerted_once_when_too_few_are_attending(group, settings):
    settings.STAFF_ALERT_EMAILS = ["team@example.org"]
    settings.MEETING_QUORUM = 2
    short = MeetingFactory(title="Thin meeting", **soon(5))
    RsvpFactory(meeting=short, user=group["keen"].user, response=Rsvp.Response.ATTENDING)
    RsvpFactory(meeting=short, user=group["quiet"].user, response=Rsvp.Response.MAYBE)
    full = MeetingFactory(quorum=1, **soon(5))
    RsvpFactory(meeting=full, user=group["keen"].user)
    MeetingFactory(**soon(30))  # too far off to judge

    assert tasks.check_quorum.delay().get() == 1
    assert quorum_check() == 0
    alert = Email.objects.get()
    assert alert.to == ["team@example.org"]
    assert "1 of 2" in alert.subject
    assert "Thin meeting" in alert.subject
    assert JOINING_LINK not in email_content(email=alert).text


def test_papers_are_circulated_once_per_set_of_versions(group):
    paper = PaperFactory(title="Draft strategy")
    meeting = paper.meeting
    assert paper_circulate(meeting=meeting) == 1
    assert paper_circulate(meeting=meeting) == 1  # queued again, but the same key
    assert Email.objects.count() == 1
    assert "Draft strategy" in email_content(email=Email.objects.get()).text

    from django.core.files.uploadedfile import SimpleUploadedFile

    paper.file = SimpleUploadedFile("v2.pdf", PDF_BYTES)
    paper_save(paper=paper, file_changed=True)
    paper_circulate(meeting=meeting)
    assert Email.objects.count() == 2
    assert recipients() == ["keen@example.org", "keen@example.org"]


def test_minutes_are_circulated_only_once_approved(group):
    minutes = MinutesFactory(status=Minutes.Status.DRAFT)
    with pytest.raises(ValueError, match="Approve"):
        minutes_circulate(minutes=minutes)
    assert not Email.objects.exists()
    minutes.status = Minutes.Status.APPROVED
    minutes.save()
    minutes_circulate(minutes=minutes)
    minutes_circulate(minutes=minutes)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED
    assert recipients() == ["keen@example.org"]


def test_nothing_is_queued_if_the_change_fails(group):
    meeting = MeetingFactory.build(ends_at=timezone.now(), starts_at=timezone.now())
    with pytest.raises(Exception):  # noqa: B017 the meeting does not validate
        meeting_schedule(meeting=meeting)
    assert not Meeting.objects.exists()
    assert not Email.objects.exists()


def admin_request(user):
    request = RequestFactory().post("/admin/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_the_admin_schedules_updates_and_cancels_through_the_services(group):
    model_admin = admin.site._registry[Meeting]
    request = admin_request(group["staff"])

    class Form:
        changed_data = ["title"]

    meeting = MeetingFactory.build(title="Added in the admin")
    model_admin.save_model(request, meeting, Form(), change=False)
    assert Email.objects.filter(key__contains="-scheduled-").count() == 1

    meeting.title = "Renamed in the admin"
    model_admin.save_model(request, meeting, Form(), change=True)
    assert Email.objects.filter(key__contains="-changed-v1-").count() == 1

    model_admin.cancel_meetings(request, Meeting.objects.filter(pk=meeting.pk))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert Email.objects.filter(key__contains="-cancelled-").count() == 1


def test_the_admin_exports_attendance_as_csv(group):
    meeting = MeetingFactory(title="=HYPERLINK(evil)")
    RsvpFactory(meeting=meeting, user=group["keen"].user, access_needs="Wheelchair space")
    model_admin = admin.site._registry[Meeting]
    response = model_admin.export_attendance(
        admin_request(group["staff"]), Meeting.objects.filter(pk=meeting.pk)
    )
    text = response.content.decode()
    assert "keen@example.org,Attending,Wheelchair space" in text
    assert "'=HYPERLINK(evil)" in text


def test_the_email_footer_links_to_the_profile_where_the_choice_is(client):
    MembershipFactory(email_meeting_notices=True)
    meeting_schedule(meeting=MeetingFactory.build())
    body = email_content(email=Email.objects.get()).text
    assert f"choose which emails you get in your member profile: {settings.SITE_URL}" in body
    assert f"{settings.SITE_URL}/expert-group/members/profile/\n" in body
