"""Sign-in through allauth: staff reach the admin only through it, and only with MFA; members
land in the members' area (cja_site.adapters)."""

import pytest
from django.urls import reverse

from expert_group.models import Membership
from notifications.delivery import email_content
from notifications.models import Email
from tests.expert_group.factories import (
    PASSWORD,
    MembershipFactory,
    staff_user,
    totp_code,
    verified,
)

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD, next_url=None):
    data = {"login": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("account_login"), data)


def final(response):
    return response.redirect_chain[-1][0] if response.redirect_chain else None


def test_anonymous_admin_requests_go_to_allauths_login(client):
    response = client.get("/admin/", follow=True)
    assert final(response).startswith(reverse("account_login"))
    assert response.status_code == 200


def test_the_admins_own_login_form_cannot_be_used_to_sign_in(client):
    staff = staff_user()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_staff_without_mfa_are_sent_to_set_up_an_authenticator(client):
    staff = staff_user(with_totp=False)
    assert sign_in(client, staff.email).status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    response = client.get("/admin/expert_group/membership/", follow=True)
    assert b"two-factor authentication to use the admin" in response.content
    assert not any(url.startswith("/admin/") for url, _ in response.redirect_chain)


def test_staff_with_totp_sign_in_with_a_code_and_reach_the_admin(client):
    staff = staff_user()
    response = sign_in(client, staff.email, next_url="/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session, "the password alone does not sign in"
    assert client.get("/admin/").status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_members_are_refused_the_admin(client):
    member = MembershipFactory()
    verified(member.user)
    sign_in(client, member.email)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_repeated_wrong_passwords_are_rate_limited_even_for_the_admin(client):
    staff = staff_user()
    for _ in range(5):
        response = sign_in(client, staff.email, password="wrong-password-guess")
        assert response.status_code == 200
    response = sign_in(client, staff.email, next_url="/admin/")
    assert response.status_code in (200, 429)
    assert b"Too many failed login attempts" in response.content
    assert response.get("Location") != reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_password_reset_email_goes_through_the_outbox(client):

    member = MembershipFactory()
    verified(member.user)
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    email = Email.objects.get(key__startswith="account-password_reset_key-")
    assert email.to == [member.email]
    assert "/accounts/password/reset/key/" in email_content(email=email).text


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
