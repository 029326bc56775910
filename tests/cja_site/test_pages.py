import re

import pytest
from django.utils.csp import CSP

from cja_site.models import User
from tests.campaigns.factories import CampaignFactory
from tests.factories import PageFactory, staff_user
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def test_home_page_says_what_the_charity_wants(client, demo_content):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "restorative" in html.lower()
    assert 'href="#main"' in html  # skip link
    for label in ["Restorative CJS", "Campaigns", "Publications", "Expert group", "Contact"]:
        assert f">{label}</a>" in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/restorative-cjs/", "A restorative criminal justice system"),
        ("/about/", "About us"),
        ("/privacy/", "Privacy notice"),
        ("/accessibility/", "Accessibility statement"),
        ("/cookies/", "Cookies"),
    ],
)
def test_demo_pages_are_served(client, demo_content, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_every_page_has_canonical_url_and_open_graph(client, demo_content, settings):
    html = client.get("/restorative-cjs/").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/restorative-cjs/">' in html
    assert '<meta property="og:title" content="A restorative criminal justice system">' in html
    assert '<meta name="description" content="Why we want a justice system' in html


def test_draft_and_scheduled_pages_are_not_public(client):
    from datetime import timedelta

    from django.utils import timezone

    PageFactory(slug="draft-page", status="draft")
    PageFactory(slug="later-page", publish_at=timezone.now() + timedelta(days=1))
    assert client.get("/draft-page/").status_code == 404
    assert client.get("/later-page/").status_code == 404


@pytest.mark.parametrize("factory", [PageFactory, CampaignFactory, PublicationFactory])
def test_rich_text_is_sanitised_on_every_save(factory):
    item = factory(
        body='<p onclick="x()">Hi<script>alert(1)</script></p><a href="javascript:x">l</a>'
    )
    item.refresh_from_db()
    assert "script" not in item.body
    assert "onclick" not in item.body
    assert "javascript:" not in item.body
    assert "<p>Hi</p>" in item.body


def test_missing_page_gets_a_helpful_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'href="/contact/"' in response.content.decode()


def test_security_headers_are_sent(client, demo_content):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_user_signs_in_with_email_not_username():

    user = User.objects.create_user("Person@Example.org", "a-long-test-password")
    assert user.email == "person@example.org"
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username")


@pytest.mark.parametrize("path", ["/%00/", "/publications/%00/", "/expert-group/invitations/%00/"])
def test_a_nul_byte_in_the_address_is_a_404_not_an_error(client, path):
    assert client.get(path).status_code == 404


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


def test_the_policy_follows_the_settings_and_a_page_using_a_nonce_gets_its_own(
    client, settings, demo_content
):
    assert "img-src 'self' data:" in client.get("/")["Content-Security-Policy"]
    settings.SECURE_CSP = {**settings.SECURE_CSP, "img-src": [CSP.SELF]}
    policy = client.get("/about/")["Content-Security-Policy"]
    assert "img-src 'self';" in policy
    assert "nonce" not in policy
    client.force_login(staff_user())
    admin_page = client.get("/admin/")
    assert admin_page.status_code == 200
    nonce = re.search(rb'nonce="([^"]+)"', admin_page.content).group(1).decode()
    assert f"'nonce-{nonce}'" in admin_page["Content-Security-Policy"]
