"""Staff's admin for meetings and papers: validation, versions, and the services behind it.

These sign staff in with force_login; if the admin demands MFA, give `staff` an authenticator."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from expert_group.models import Meeting, Paper
from notifications.models import Email

from .factories import (
    PDF_BYTES,
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    PaperFactory,
    RsvpFactory,
)

pytestmark = pytest.mark.django_db

INLINES = ["agenda_items", "papers", "rsvps", "actions"]


@pytest.fixture
def admin_client(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


def meeting_form(**overrides):
    data = {
        "title": "Admin meeting",
        "starts_at_0": "2030-01-10",
        "starts_at_1": "10:00",
        "ends_at_0": "2030-01-10",
        "ends_at_1": "12:00",
        "format": "online",
        "joining_link": "https://meet.example.org/admin",
    }
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return {**data, **overrides}


def test_admin_pages_render(admin_client):
    meeting = MeetingFactory()
    paper = PaperFactory(meeting=meeting)
    AgendaItemFactory(meeting=meeting).papers.add(paper)
    RsvpFactory(meeting=meeting, access_needs="Hearing loop")
    MinutesFactory(meeting=meeting)
    ActionFactory(raised_at=meeting)
    for url in [
        "/admin/expert_group/meeting/",
        "/admin/expert_group/meeting/add/",
        f"/admin/expert_group/meeting/{meeting.pk}/change/",
        "/admin/expert_group/paper/",
        "/admin/expert_group/paper/add/",
        "/admin/expert_group/minutes/",
        f"/admin/expert_group/minutes/{meeting.minutes.pk}/change/",
        "/admin/expert_group/action/",
        "/admin/expert_group/rsvp/",
    ]:
        assert admin_client.get(url).status_code == 200, url
    change_page = admin_client.get(f"/admin/expert_group/meeting/{meeting.pk}/change/")
    assert "Hearing loop" in change_page.content.decode(), "staff see access needs"


def test_a_meeting_must_end_after_it_starts_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/expert_group/meeting/add/", meeting_form(ends_at_1="09:00")
    )
    assert "must end after it starts" in response.content.decode()
    assert not Meeting.objects.exists()


def test_adding_a_meeting_in_the_admin_schedules_it(admin_client, member):
    response = admin_client.post("/admin/expert_group/meeting/add/", meeting_form())
    assert response.status_code == 302
    assert Email.objects.get().to == [member.email]


def test_papers_are_checked_and_replacing_the_file_makes_a_new_version(admin_client):
    meeting = MeetingFactory()
    fields = {"meeting": meeting.pk, "title": "Budget", "confidentiality": "chatham_house"}
    fields["order"] = 0
    response = admin_client.post(
        "/admin/expert_group/paper/add/",
        {**fields, "file": SimpleUploadedFile("budget.pdf", b"MZ not a pdf")},
    )
    assert "Upload a PDF" in response.content.decode()
    admin_client.post(
        "/admin/expert_group/paper/add/",
        {**fields, "file": SimpleUploadedFile("budget.pdf", PDF_BYTES)},
    )
    paper = Paper.objects.get()
    assert (paper.file_format, paper.version, paper.file_size) == ("pdf", 1, len(PDF_BYTES))

    change_url = f"/admin/expert_group/paper/{paper.pk}/change/"
    admin_client.post(change_url, {**fields, "title": "Budget (renamed)"})
    paper.refresh_from_db()
    assert (paper.title, paper.version) == ("Budget (renamed)", 1)

    admin_client.post(change_url, {**fields, "file": SimpleUploadedFile("v2.pdf", PDF_BYTES)})
    paper.refresh_from_db()
    assert paper.version == 2
    assert paper.replaced_at is not None


def test_papers_added_and_replaced_inline_on_the_meeting(admin_client):
    meeting = MeetingFactory(format="online")
    paper = PaperFactory(meeting=meeting, title="Old")
    data = meeting_form(title=meeting.title)
    data.update(
        {
            "papers-TOTAL_FORMS": "2",
            "papers-INITIAL_FORMS": "1",
            "papers-0-id": paper.pk,
            "papers-0-meeting": meeting.pk,
            "papers-0-title": "Old",
            "papers-0-confidentiality": "chatham_house",
            "papers-0-order": 0,
            "papers-0-file": SimpleUploadedFile("old-v2.pdf", PDF_BYTES),
            "papers-1-meeting": meeting.pk,
            "papers-1-title": "New",
            "papers-1-confidentiality": "open",
            "papers-1-order": 1,
            "papers-1-file": SimpleUploadedFile("new.pdf", PDF_BYTES),
        }
    )
    response = admin_client.post(f"/admin/expert_group/meeting/{meeting.pk}/change/", data)
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.version == 2
    new = Paper.objects.get(title="New")
    assert (new.version, new.file_format) == (1, "pdf")
