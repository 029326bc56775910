"""Staff powers in the members' area count only with MFA, and follow the admin's permissions."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse
from django.utils import timezone

from expert_group.models import Minutes

from .conftest import ORGANISER_PERMISSIONS
from .factories import (
    TEST_TOTP_SECRET,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    RsvpFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db

DRAFT_TEXT = "Unapproved: the chair's private remarks"
ACCESS_NEEDS = "Hearing loop, please"


@pytest.fixture
def meeting(db):
    start = timezone.now() - timedelta(days=2)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    MinutesFactory(meeting=meeting, status=Minutes.Status.DRAFT, body=f"<p>{DRAFT_TEXT}</p>")
    RsvpFactory(meeting=meeting, access_needs=ACCESS_NEEDS)
    return meeting


def staff_only_urls(meeting):
    return {
        "minutes": reverse("expert_group:meeting-minutes", args=[meeting.pk]),
        "attendance": reverse("expert_group:meeting-attendance-csv", args=[meeting.pk]),
    }


def test_a_staff_member_without_mfa_is_sent_to_set_it_up_with_a_message(client, meeting):
    client.force_login(staff_user(with_totp=False))
    response = client.get(staff_only_urls(meeting)["attendance"], follow=True)
    assert response.redirect_chain[0] == (reverse("mfa_activate_totp"), 302)
    assert "two-factor authentication" in response.content.decode()
    assert ACCESS_NEEDS not in response.content.decode()


def test_staff_who_are_also_members_keep_member_access_without_staff_powers(client, meeting):
    staff = staff_user(with_totp=False)
    MembershipFactory(user=staff)
    client.force_login(staff)
    urls = staff_only_urls(meeting)
    assert client.get(reverse("expert_group:dashboard")).status_code == 200
    page = client.get(reverse("expert_group:meeting-detail", args=[meeting.pk])).content.decode()
    assert DRAFT_TEXT not in page
    assert urls["attendance"] not in page  # no link to what they cannot open
    assert client.get(urls["minutes"]).status_code == 404
    assert client.get(urls["attendance"])["Location"] == reverse("mfa_activate_totp")
    api = client.get(reverse("members_api:meeting-detail", args=[meeting.pk])).json()
    assert api["minutes"] is None


@pytest.mark.parametrize("factor", ["totp", "webauthn"])
def test_an_authenticator_or_a_security_key_restores_staff_powers(client, meeting, factor):
    staff = staff_user(with_totp=False)
    client.force_login(staff)
    urls = staff_only_urls(meeting)
    assert client.get(urls["minutes"]).status_code == 302
    if factor == "totp":
        TOTP.activate(staff, TEST_TOTP_SECRET)
    else:
        Authenticator.objects.create(user=staff, type=Authenticator.Type.WEBAUTHN, data={})
    assert DRAFT_TEXT in client.get(urls["minutes"]).content.decode()
    assert ACCESS_NEEDS in client.get(urls["attendance"]).content.decode()


def test_the_api_tells_staff_without_mfa_what_to_do(client, meeting):
    client.force_login(staff_user(with_totp=False))
    response = client.post(
        reverse("members_api:meeting-rsvp", args=[meeting.pk]),
        {"response": "attending"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "two-factor authentication" in response.json()["detail"]


@pytest.mark.parametrize(
    ("permissions", "sees_meetings", "sees_drafts", "sees_attendance"),
    [
        ((), False, False, False),
        (("expert_group.view_meeting",), True, False, False),
        (("expert_group.view_meeting", "expert_group.view_minutes"), True, True, False),
        (("expert_group.view_meeting", "expert_group.view_rsvp"), True, False, True),
        (ORGANISER_PERMISSIONS, True, True, True),
    ],
)
def test_staff_see_what_their_admin_permissions_allow(
    client, meeting, permissions, sees_meetings, sees_drafts, sees_attendance
):
    client.force_login(staff_user(is_superuser=False, permissions=permissions))
    urls = staff_only_urls(meeting)
    page = client.get(reverse("expert_group:meeting-detail", args=[meeting.pk]))
    assert page.status_code == (200 if sees_meetings else 403)
    assert (urls["attendance"] in page.content.decode()) is sees_attendance
    minutes = client.get(urls["minutes"])
    assert minutes.status_code == (200 if sees_drafts else 404 if sees_meetings else 403)
    assert (DRAFT_TEXT in minutes.content.decode()) is sees_drafts
    attendance = client.get(urls["attendance"])
    assert attendance.status_code == (200 if sees_attendance else 403)
    assert (ACCESS_NEEDS in attendance.content.decode()) is sees_attendance
    api = client.get(reverse("members_api:meeting-detail", args=[meeting.pk]))
    assert api.status_code == (200 if sees_meetings else 403)
    assert (DRAFT_TEXT in api.content.decode()) is sees_drafts


@pytest.mark.parametrize(("can_view_rsvps", "offered"), [(False, False), (True, True)])
def test_the_admin_offers_the_attendance_export_only_with_the_rsvp_permission(
    client, meeting, can_view_rsvps, offered
):
    permissions = ["expert_group.view_meeting", "expert_group.change_meeting"]
    if can_view_rsvps:
        permissions.append("expert_group.view_rsvp")
    client.force_login(staff_user(is_superuser=False, permissions=tuple(permissions)))
    changelist = client.get(reverse("admin:expert_group_meeting_changelist"))
    assert changelist.status_code == 200
    assert ('value="export_attendance"' in changelist.content.decode()) is offered
    response = client.post(
        reverse("admin:expert_group_meeting_changelist"),
        {"action": "export_attendance", "_selected_action": [meeting.pk]},
    )
    assert (ACCESS_NEEDS in response.content.decode()) is offered


def test_view_only_staff_cannot_cancel_meetings_from_the_admin(client, meeting):
    client.force_login(staff_user(is_superuser=False, permissions=("expert_group.view_meeting",)))
    changelist = client.get(reverse("admin:expert_group_meeting_changelist")).content.decode()
    assert 'value="cancel_meetings"' not in changelist
    client.post(
        reverse("admin:expert_group_meeting_changelist"),
        {"action": "cancel_meetings", "_selected_action": [meeting.pk]},
    )
    meeting.refresh_from_db()
    assert not meeting.is_cancelled
