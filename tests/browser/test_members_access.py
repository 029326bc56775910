"""Members' sign-in pages in a real browser: axe finds nothing; invitation to TOTP sign-in works."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from cja_site.models import User
from expert_group.models import Membership
from expert_group.services.membership import membership_invite
from tests.expert_group.factories import (
    PASSWORD,
    TEST_TOTP_SECRET,
    MembershipFactory,
    totp_code,
    verified,
)

NEW_PASSWORD = "harbour-meadow-violet-42"


def sign_in(page, email, password=PASSWORD, next_url=""):
    page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


@pytest.fixture
def member(transactional_db):
    membership = MembershipFactory(
        listed_publicly=True, bio="Facilitates restorative meetings.", role="chair"
    )
    verified(membership.user)
    return membership


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/accounts/login/", 200),
        ("/accounts/password/reset/", 200),
        ("/accounts/signup/", 403),
        ("/expert-group/", 200),
    ],
)
def test_public_access_pages_are_accessible(
    page, site_content, member, assert_accessible, path, status
):
    response = page.goto(path)
    assert response.status == status
    assert_accessible(page)


def test_login_errors_are_accessible(page, member, assert_accessible):
    sign_in(page, member.email, password="not-the-password")
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_accessible(page)


def test_accept_invitation_page_is_accessible_with_and_without_errors(
    page, transactional_db, assert_accessible
):
    issued = membership_invite(email="axe@example.org")
    page.goto(f"/expert-group/invitations/{issued.token}/")
    assert_accessible(page)
    page.get_by_role("button", name="Create my account").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_accessible(page)
    response = page.goto("/expert-group/invitations/forged-token/")
    assert response.status == 404
    assert_accessible(page)


def test_profile_and_security_pages_are_accessible(page, member, assert_accessible):
    sign_in(page, member.email)
    page.wait_for_url("**/")
    pages = {
        "/expert-group/members/profile/": "Your profile",
        "/accounts/2fa/": "Two-factor authentication",
        "/accounts/sessions/": "Where you are signed in",
        "/accounts/password/change/": "Change password",
        "/accounts/email/": "Email addresses",
    }
    for path, heading in pages.items():
        response = page.goto(path)
        assert response.status == 200, path
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert_accessible(page)


def test_totp_activation_asks_for_the_password_again_and_is_accessible(
    page, member, assert_accessible
):
    sign_in(page, member.email)
    page.wait_for_url("**/")
    page.goto("/accounts/2fa/totp/activate/")
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm access"
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert page.get_by_role("heading", level=1).inner_text() == "Activate authenticator app"
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    assert_accessible(page)


def test_accept_an_invitation_then_sign_in_with_totp(page, transactional_db, assert_accessible):
    issued = membership_invite(email="flow@example.org", role="member")
    page.goto(f"/expert-group/invitations/{issued.token}/")
    page.get_by_label("Your full name").fill("Ruth Adeyemi")
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/expert-group/members/profile/")
    assert page.get_by_text("Welcome to the Restorative Expert Group").is_visible()

    user = User.objects.get(email="flow@example.org")
    assert Membership.objects.get(user=user).status == Membership.Status.ACTIVE
    TOTP.activate(user, TEST_TOTP_SECRET)
    page.get_by_role("navigation", name="Your account").get_by_role(
        "button", name="Sign out"
    ).click()

    sign_in(page, "flow@example.org", NEW_PASSWORD, next_url="/expert-group/members/profile/")
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    assert_accessible(page)
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/expert-group/members/profile/")
    assert page.get_by_role("heading", name="Your profile").is_visible()


def test_recovery_codes_and_security_key_pages_are_accessible(page, member, assert_accessible):
    TOTP.activate(member.user, TEST_TOTP_SECRET)
    sign_in(page, member.email)
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    page.goto("/accounts/2fa/recovery-codes/generate/")
    if page.get_by_role("heading", level=1).inner_text() == "Confirm access":
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/recovery-codes/generate/")
    assert_accessible(page)
    page.get_by_role("button", name="Generate").click()
    page.wait_for_url("**/recovery-codes/")
    assert_accessible(page)
    page.goto("/accounts/2fa/webauthn/add/")
    assert page.get_by_role("heading", level=1).inner_text() == "Add security key"
    assert_accessible(page)


def test_password_reset_from_the_emailed_link(page, member, assert_accessible):
    import re

    from django.core import mail

    page.goto("/accounts/password/reset/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_role("button", name="Reset my password").click()
    page.wait_for_url("**/password/reset/done/")
    assert_accessible(page)
    (message,) = [
        m
        for m in mail.outbox
        if m.extra_headers["X-Outbox-Key"].startswith("account-password_reset_key-")
    ]
    body = message.body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", body).group(1)
    page.goto(link)
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url("**/password/reset/key/done/")
    assert_accessible(page)
    sign_in(page, member.email, NEW_PASSWORD)
    page.wait_for_url("**/")
    assert page.get_by_role("link", name="Members\u2019 area").is_visible()
