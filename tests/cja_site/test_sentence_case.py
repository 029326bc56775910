"""allauth's pages speak like the rest of the site: headings, titles and buttons in sentence case."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.utils import translation

from tests.expert_group.factories import (
    PASSWORD,
    MembershipFactory,
    staff_user,
    totp_code,
    verified,
)

pytestmark = pytest.mark.django_db

# Words that keep their capital anywhere in a phrase.
PROPER = {"Restorative", "Expert", "Group", "TOTP", "IP", "UK", "I"}
LABELLED = {"title", "h1", "h2", "h3", "button", "label", "legend", "th"}


class Labels(HTMLParser):
    """The text of every title, heading, button, label and table header (and button links)."""

    def __init__(self):
        super().__init__()
        self.open: list[list[str]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if "tag" in classes:  # a badge ("Verified") is a phrase of its own
            for element in self.open:
                element.append(". ")
        if tag in LABELLED or (tag == "a" and "button" in classes):
            self.open.append([tag])

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            self.texts.append(" ".join("".join(self.open.pop()[1:]).split()))

    def handle_data(self, data):
        for element in self.open:
            element.append(data)


def title_case_phrases(html: str) -> list[str]:
    parser = Labels()
    parser.feed(html)
    found = []
    for text in parser.texts:
        text = text.removesuffix(f" \N{EN DASH} {settings.SITE_NAME}")
        for phrase in re.split(r"[.?!:(]\s+", text):
            later_words = phrase.split()[1:]
            if any(re.fullmatch(r"[A-Z][a-z]\S*", word) for word in set(later_words) - PROPER):
                found.append(text)
    return found


def sign_in(client, user):
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def reauthenticate(client):
    """Confirm the password, as allauth asks before its security pages."""
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302


def assert_sentence_case(client, paths):
    problems = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 403), (path, response.status_code)
        if phrases := title_case_phrases(response.content.decode()):
            problems[path] = phrases
    assert not problems


def test_signed_out_account_pages_are_in_sentence_case(client):
    member = verified(MembershipFactory().user)
    key = default_token_generator.make_token(member)
    assert_sentence_case(
        client,
        [
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/accounts/password/reset/done/",
            "/accounts/password/reset/key/1-not-a-key/",
        ],
    )
    response = client.get(
        f"/accounts/password/reset/key/{user_pk_to_url_str(member)}-{key}/", follow=True
    )
    assert "New password" in response.content.decode()
    assert not title_case_phrases(response.content.decode())


def test_a_members_account_pages_are_in_sentence_case(client):
    sign_in(client, verified(MembershipFactory().user))
    reauthenticate(client)
    assert_sentence_case(
        client,
        [
            "/accounts/email/",
            "/accounts/password/change/",
            "/accounts/2fa/",
            "/accounts/2fa/totp/activate/",
            "/accounts/2fa/webauthn/add/",
            "/accounts/sessions/",
            "/accounts/reauthenticate/",
            "/accounts/logout/",
        ],
    )


def test_staff_two_factor_pages_are_in_sentence_case(client):
    staff = staff_user(email="staff@example.org")
    sign_in(client, staff)
    assert_sentence_case(client, ["/accounts/2fa/authenticate/"])
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    reauthenticate(client)
    client.post("/accounts/2fa/recovery-codes/generate/")
    assert_sentence_case(
        client,
        [
            "/accounts/2fa/",
            "/accounts/2fa/totp/deactivate/",
            "/accounts/2fa/recovery-codes/",
            "/accounts/2fa/recovery-codes/generate/",
            "/accounts/2fa/webauthn/",
        ],
    )


def test_the_title_case_check_catches_allauths_own_wording():
    assert title_case_phrases("<h1>Password Reset</h1><button>Reset My Password</button>") == [
        "Password Reset",
        "Reset My Password",
    ]
    assert not title_case_phrases("<h1>Restorative Expert Group</h1><label>Email</label>")


def test_the_compiled_catalogue_matches_its_source():
    source = (Path(settings.BASE_DIR) / "locale/en_GB/LC_MESSAGES/django.po").read_text()
    entries = re.findall(r'(?:msgctxt "(.*)"\n)?msgid "(.+)"\nmsgstr "(.+)"', source)
    assert len(entries) > 50
    with translation.override("en-gb"):
        for context, msgid, msgstr in entries:
            msgid, msgstr = msgid.replace('\\"', '"'), msgstr.replace('\\"', '"')
            if context:
                assert translation.pgettext(context, msgid) == msgstr
            else:
                assert translation.gettext(msgid) == msgstr
