"""The permission matrix: every private page, file, calendar and API endpoint of the meetings,
for each kind of visitor. Nothing private leaks; refusals are 302 (sign in), 403 or 404."""

import pytest
from django.urls import reverse, reverse_lazy

from expert_group.models import Minutes
from expert_group.services.meetings import calendar_feed_regenerate

from .factories import (
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    PaperFactory,
    RsvpFactory,
)

pytestmark = pytest.mark.django_db

VISITORS = ["anonymous", "non_member", "ended_member", "invited", "member", "staff",
            "staff_without_mfa", "staff_without_permissions"]  # fmt: skip
# 302: sent to sign in (anonymous) or to set up two-factor authentication (staff without it).
REFUSED = {"anonymous": 302, "non_member": 403, "ended_member": 403, "invited": 403,
           "staff_without_mfa": 302, "staff_without_permissions": 403}  # fmt: skip
SENT_TO = {"anonymous": reverse_lazy("account_login"),
           "staff_without_mfa": reverse_lazy("mfa_activate_totp")}  # fmt: skip
JOINING_LINK = "https://meet.example.org/secret-room-123"
DRAFT_TEXT = "Unapproved: the chair's private remarks"


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(joining_link=JOINING_LINK)
    paper = PaperFactory(meeting=meeting, title="Strategy paper")
    AgendaItemFactory(meeting=meeting).papers.add(paper)
    ActionFactory(raised_at=meeting)
    return meeting


@pytest.fixture
def past_meeting(db):
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now() - timedelta(days=30)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    MinutesFactory(meeting=meeting, status=Minutes.Status.CIRCULATED, body="<p>Agreed minutes</p>")
    return meeting


@pytest.fixture
def draft_meeting(db):
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now() - timedelta(days=2)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    MinutesFactory(meeting=meeting, status=Minutes.Status.DRAFT, body=f"<p>{DRAFT_TEXT}</p>")
    return meeting


def sign_in(client, person):
    if person is not None:
        client.force_login(person)
    return client


def endpoints(meeting, past_meeting):
    paper = meeting.papers.get()
    return [
        ("get", reverse("expert_group:dashboard"), {}),
        ("get", reverse("expert_group:meeting-detail", args=[meeting.pk]), {}),
        ("post", reverse("expert_group:meeting-rsvp", args=[meeting.pk]), {"response": "maybe"}),
        ("get", reverse("expert_group:meeting-minutes", args=[past_meeting.pk]), {}),
        ("get", reverse("expert_group:meeting-ics", args=[meeting.pk]), {}),
        ("get", reverse("expert_group:paper-download", args=[paper.pk]), {}),
        ("get", reverse("expert_group:calendar-subscription"), {}),
        ("post", reverse("expert_group:calendar-subscription"), {"action": "regenerate"}),
    ]


@pytest.mark.parametrize("visitor", VISITORS)
def test_members_pages_files_and_calendars(client, people, meeting, past_meeting, visitor):
    sign_in(client, people[visitor])
    for method, url, data in endpoints(meeting, past_meeting):
        response = getattr(client, method)(url, data)
        if visitor in REFUSED:
            assert response.status_code == REFUSED[visitor], (method, url)
            if visitor in SENT_TO:
                assert response["Location"].startswith(str(SENT_TO[visitor])), url
            body = b"".join(response) if response.streaming else response.content
            assert JOINING_LINK.encode() not in body
            assert b"%PDF" not in body
        else:
            assert response.status_code in (200, 302), (method, url)
            if response.status_code == 302:  # the POSTs redirect back to the page
                assert not response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("visitor", VISITORS)
def test_attendance_export_is_for_staff_only(client, people, meeting, visitor):
    RsvpFactory(meeting=meeting, access_needs="Hearing loop, please")
    sign_in(client, people[visitor])
    response = client.get(reverse("expert_group:meeting-attendance-csv", args=[meeting.pk]))
    expected = {"anonymous": 302, "staff": 200, "staff_without_mfa": 302}.get(visitor, 403)
    assert response.status_code == expected
    if visitor in SENT_TO:
        assert response["Location"].startswith(str(SENT_TO[visitor]))
    assert (b"Hearing loop" in response.content) is (expected == 200)


@pytest.mark.parametrize("visitor", VISITORS)
def test_draft_minutes_are_for_staff_only(client, people, draft_meeting, visitor):
    sign_in(client, people[visitor])
    minutes_url = reverse("expert_group:meeting-minutes", args=[draft_meeting.pk])
    responses = [
        client.get(minutes_url),
        client.get(reverse("expert_group:meeting-detail", args=[draft_meeting.pk])),
        client.get(reverse("expert_group:dashboard")),
        client.get(reverse("members_api:meeting-detail", args=[draft_meeting.pk])),
    ]
    if visitor == "staff":
        assert responses[0].status_code == 200
        assert DRAFT_TEXT in responses[0].content.decode()
        return
    expected_minutes_status = 404 if visitor == "member" else REFUSED[visitor]
    assert responses[0].status_code == expected_minutes_status
    for response in responses:
        assert DRAFT_TEXT not in response.content.decode()


@pytest.mark.parametrize("visitor", VISITORS)
def test_members_api(client, people, meeting, visitor):
    sign_in(client, people[visitor])
    calls = [
        client.get(reverse("members_api:meeting-list")),
        client.get(reverse("members_api:meeting-detail", args=[meeting.pk])),
        client.post(
            reverse("members_api:meeting-rsvp", args=[meeting.pk]),
            {"response": "attending"},
            content_type="application/json",
        ),
    ]
    for response in calls:
        if visitor in REFUSED:
            assert response.status_code == 403, response.request["PATH_INFO"]
            assert JOINING_LINK not in response.content.decode()
            if visitor == "staff_without_mfa":
                assert "two-factor authentication" in response.json()["detail"]
        else:
            assert response.status_code == 200, response.request["PATH_INFO"]


def test_api_detail_gives_the_agenda_and_checked_paper_links(client, member, meeting):
    client.force_login(member)
    data = client.get(reverse("members_api:meeting-detail", args=[meeting.pk])).json()
    paper = meeting.papers.get()
    assert data["joining_link"] == JOINING_LINK
    assert data["agenda"][0]["papers"] == [paper.pk]
    assert data["papers"][0]["download_url"].endswith(
        reverse("expert_group:paper-download", args=[paper.pk])
    )
    assert data["minutes"] is None


def test_unknown_meeting_and_paper_are_404_for_members(client, member):
    client.force_login(member)
    assert client.get(reverse("expert_group:meeting-detail", args=[999])).status_code == 404
    assert client.get(reverse("expert_group:paper-download", args=[999])).status_code == 404
    assert client.get(reverse("members_api:meeting-detail", args=[999])).status_code == 404


@pytest.mark.parametrize(
    ("visitor", "expected"),
    [
        ("member", 200),
        ("staff", 200),
        ("ended_member", 410),
        ("invited", 410),
        ("non_member", 410),
        ("staff_without_mfa", 410),
        ("staff_without_permissions", 410),
    ],
)
def test_calendar_feed_works_by_token_only_while_access_lasts(
    client, people, meeting, visitor, expected
):
    feed = calendar_feed_regenerate(user=people[visitor])
    response = client.get(feed.path)  # no session: the token is the key
    assert response.status_code == expected
    assert (JOINING_LINK in response.content.decode()) is (expected == 200)


def test_calendar_feed_with_an_unknown_or_revoked_token_is_404(client, member, meeting):
    old = calendar_feed_regenerate(user=member)
    calendar_feed_regenerate(user=member)
    assert client.get(old.path).status_code == 404
    assert client.get(reverse("expert_group:calendar-feed", args=["guess"])).status_code == 404


def test_private_responses_are_never_cached(client, member, meeting):
    client.force_login(member)
    paper = meeting.papers.get()
    for url in [
        reverse("expert_group:paper-download", args=[paper.pk]),
        reverse("expert_group:meeting-ics", args=[meeting.pk]),
        reverse("expert_group:meeting-detail", args=[meeting.pk]),
    ]:
        response = client.get(url)
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_paper_download_is_an_attachment_with_the_file(client, member, meeting):
    client.force_login(member)
    paper = meeting.papers.get()
    response = client.get(reverse("expert_group:paper-download", args=[paper.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="strategy-paper-v1.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_no_private_media_url_serves_papers(client, meeting):
    paper = meeting.papers.get()
    assert client.get("/media/" + paper.file.name).status_code == 404
    assert client.get("/private/" + paper.file.name).status_code == 404
