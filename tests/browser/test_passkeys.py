"""A member adds a passkey through allauth's MFA pages, then signs in with it, in real Chromium.

Chrome DevTools Protocol's virtual authenticator stands in for the security key. WebAuthn needs
a secure context and an RP ID matching the host, so the browser talks to the live server as
localhost (allauth takes the RP ID from the request's host).
"""

from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator

from tests.browser.test_members_access import member, sign_in  # noqa: F401 (fixture)
from tests.expert_group.factories import PASSWORD

KEY_NAME = "Blue keyring key"


def wait_for_path(page, path):
    """Wait until the address's path (not its query string) is exactly path."""
    page.wait_for_url(lambda url: urlsplit(url).path == path)


@pytest.fixture
def localhost_page(browser, live_server):
    port = urlsplit(live_server.url).port
    context = browser.new_context(
        base_url=f"http://localhost:{port}", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    page.authenticator = (cdp, authenticator["authenticatorId"])
    yield page
    context.close()


def test_add_a_passkey_then_sign_in_with_it(localhost_page, member, assert_accessible):  # noqa: F811
    page = localhost_page
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    sign_in(page, member.email)
    wait_for_path(page, "/expert-group/members/")
    page.goto("/accounts/2fa/webauthn/add/")
    if page.get_by_role("heading", level=1).inner_text() == "Confirm access":
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        wait_for_path(page, "/accounts/2fa/webauthn/add/")
    assert page.get_by_role("heading", level=1).inner_text() == "Add security key"
    page.get_by_label("Name").fill(KEY_NAME)
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add", exact=True).click()
    # The first authenticator also generates recovery codes, which allauth then shows.
    wait_for_path(page, "/accounts/2fa/recovery-codes/")
    assert not errors, errors

    cdp, authenticator_id = page.authenticator
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1
    assert credentials["credentials"][0]["isResidentCredential"]
    key = Authenticator.objects.get(user=member.user, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == KEY_NAME
    assert key.wrap().is_passwordless

    page.goto("/accounts/2fa/webauthn/")
    assert page.get_by_role("cell", name=KEY_NAME).is_visible()
    assert_accessible(page)

    page.goto("/expert-group/members/profile/")
    page.get_by_role("navigation", name="Your account").get_by_role(
        "button", name="Sign out"
    ).click()
    wait_for_path(page, "/")
    page.goto("/expert-group/members/profile/")
    assert urlsplit(page.url).path == "/accounts/login/"

    page.goto("/accounts/login/?next=/expert-group/members/profile/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    wait_for_path(page, "/expert-group/members/profile/")
    assert page.get_by_role("heading", name="Your profile").is_visible()
    assert not errors, errors
