"""Members find their way: they land in the members' area, and emails point to the profile."""

import pytest
from django.conf import settings

from expert_group.models import Membership
from expert_group.services_meetings import meeting_schedule
from notifications.models import Email
from notifications.services import email_content

from .factories import PASSWORD, MeetingFactory, MembershipFactory, staff_user, totp_code, verified

pytestmark = pytest.mark.django_db


def sign_in(client, email):
    return client.post("/accounts/login/", {"login": email, "password": PASSWORD})


def test_members_land_on_their_dashboard_after_signing_in(client):
    member = verified(MembershipFactory().user)
    response = sign_in(client, member.email)
    assert response.status_code == 302
    assert response["Location"] == "/expert-group/members/"
    assert client.get(response["Location"]).status_code == 200


def test_a_lapsed_member_lands_on_the_home_page_not_a_403(client):
    member = verified(MembershipFactory(status=Membership.Status.ENDED).user)
    response = sign_in(client, member.email)
    assert response["Location"] == "/"


def test_a_page_asked_for_before_signing_in_still_wins(client):
    member = verified(MembershipFactory().user)
    response = client.post(
        "/accounts/login/?next=/expert-group/members/calendar/",
        {"login": member.email, "password": PASSWORD, "next": "/expert-group/members/calendar/"},
    )
    assert response["Location"] == "/expert-group/members/calendar/"


def test_staff_land_on_the_dashboard_after_their_second_factor(client):
    staff = staff_user(email="staff@example.org")
    assert sign_in(client, staff.email)["Location"].startswith("/accounts/2fa/authenticate/")
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response["Location"] == "/expert-group/members/"


def test_the_email_footer_links_to_the_profile_where_the_choice_is(client):
    MembershipFactory(email_meeting_notices=True)
    meeting_schedule(meeting=MeetingFactory.build())
    body = email_content(email=Email.objects.get()).text
    assert f"choose which emails you get in your member profile: {settings.SITE_URL}" in body
    assert f"{settings.SITE_URL}/expert-group/members/profile/\n" in body
