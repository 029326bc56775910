"""The contact form: what a visitor sees, what staff receive, and what spam meets."""

import time

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from contact.forms import STARTED_SALT, started_token
from contact.models import ContactMessage
from notifications.models import Email

pytestmark = pytest.mark.django_db

URL = "/contact/"


@pytest.fixture(autouse=True)
def contact_settings(settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    settings.STAFF_ALERT_EMAILS = ["team@example.org"]


def form_data(**overrides):
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "subject": "general",
        "message": "I would like to know more about restorative justice in prisons.",
        "contact_preference": "email",
        "website": "",
        "started": started_token(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, form_data(**overrides), **overrides.pop("headers", {}))

    return post


def test_contact_page_shows_the_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Contact us</h1>" in content
    assert 'name="started"' in content
    assert "What happens next" in content
    assert 'value="general" id="id_subject_0" required checked' in content


def test_expert_group_link_preselects_the_subject(client):
    response = client.get(URL, {"subject": "expert-group"})
    assert response.context["form"]["subject"].value() == "expert-group"
    assert 'value="expert-group" id="id_subject_2" required checked' in response.content.decode()


def test_an_unknown_subject_in_the_link_is_ignored(client):
    response = client.get(URL, {"subject": "<script>"})
    assert response.status_code == 200
    assert response.context["form"]["subject"].value() == "general"


def test_a_message_is_saved_and_staff_and_sender_get_emails(submit):
    response = submit()
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:thank-you")
    message = ContactMessage.objects.get()
    assert message.name == "Ada Lovelace"
    assert message.handled_at is None
    by_recipient = {tuple(sent.to): sent for sent in mail.outbox}
    assert set(by_recipient) == {("team@example.org",), ("ada@example.org",)}
    alert = by_recipient[("team@example.org",)]
    assert alert.subject == "Contact form: General enquiry from Ada Lovelace"
    assert "restorative justice in prisons" in alert.body
    assert f"Reference: {message.reference}" in alert.body
    assert f"/admin/contact/contactmessage/{message.pk}/change/" in alert.body
    acknowledgement = by_recipient[("ada@example.org",)]
    assert (
        acknowledgement.subject == f"We have received your message (reference {message.reference})"
    )
    assert Email.objects.filter(status=Email.Status.SENT).count() == 2


def test_the_reference_names_the_year_and_the_message(submit):
    submit()
    message = ContactMessage.objects.get()
    assert message.reference == f"CJA-{timezone.localdate(message.received_at):%Y}-{message.pk:06d}"


MARKER = "Zq7marker"


@pytest.mark.parametrize("preference", ["email", "email-no-details"])
def test_the_acknowledgement_carries_nothing_the_sender_typed(submit, preference):
    # Whatever is typed goes to whatever address is typed: the form must not relay it.
    submit(
        name=f"Win a prize {MARKER} at https://{MARKER}.example",
        email="someone-else@example.org",
        subject="press",
        message=f"Visit https://{MARKER}.example/claim now {MARKER}",
        contact_preference=preference,
    )
    message = ContactMessage.objects.get()
    acknowledgement = next(sent for sent in mail.outbox if sent.to == ["someone-else@example.org"])
    html = acknowledgement.alternatives[0].content
    for part in (acknowledgement.subject, acknowledgement.body, html):
        assert MARKER not in part
        assert "Press and media" not in part
        assert message.reference in part
    for part in (acknowledgement.body, html):
        assert timezone.localdate(message.received_at).strftime("%-d %B %Y") in part
        assert "What happens next" in part
        assert "five working days" in part
        assert "If you did not send us a message" in part
    assert acknowledgement.body.startswith("Hello,")
    # Staff still see everything.
    alert = next(sent for sent in mail.outbox if sent.to == ["team@example.org"])
    assert f"https://{MARKER}.example/claim" in alert.body


def test_thank_you_page_says_what_happens_next(client):
    response = client.get(reverse("contact:thank-you"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Thank you for your message" in content
    assert "What happens next" in content
    assert "five working days" in content


def test_staff_alerts_reply_to_the_sender_who_allows_it(submit):
    submit()
    alert = next(sent for sent in mail.outbox if sent.to == ["team@example.org"])
    assert alert.reply_to == ["ada@example.org"]
    assert alert.message()["Reply-To"] == "ada@example.org"
    assert "Replying to this email writes to the sender." in alert.body


def test_staff_replying_are_reminded_to_leave_out_details_when_asked(submit):
    submit(contact_preference="email-no-details", message="Something private about my case.")
    alert = next(sent for sent in mail.outbox if sent.to == ["team@example.org"])
    assert alert.reply_to == ["ada@example.org"]
    assert "do not mention details" in alert.body
    assert "Do not mention details of their message." in alert.alternatives[0].content


def test_no_acknowledgement_when_the_sender_asks_not_to_be_contacted(submit):
    response = submit(contact_preference="none")
    assert response.status_code == 302
    assert [sent.to for sent in mail.outbox] == [["team@example.org"]]
    assert "Please do not reply" in mail.outbox[0].body
    assert mail.outbox[0].reply_to == []
    assert "Reply-To" not in mail.outbox[0].message()
    assert "Replying to this email" not in mail.outbox[0].body


def test_names_with_apostrophes_are_not_html_escaped_in_text_email(submit):
    submit(name="Seán O'Brien & Co")
    alert = next(sent for sent in mail.outbox if sent.to == ["team@example.org"])
    assert alert.subject == "Contact form: General enquiry from Seán O'Brien & Co"
    assert "Seán O'Brien & Co <ada@example.org>" in alert.body
    assert "O&#x27;Brien &amp; Co" in alert.alternatives[0].content


def test_bad_input_shows_an_error_summary_linked_to_the_fields(submit):
    response = submit(name="", email="not-an-email", message="")
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert '<a href="#id_name">Enter your name</a>' in content
    assert 'href="#id_email">Enter an email address in the correct format' in content
    assert '<a href="#id_message">Enter your message</a>' in content
    assert "<title>Error: Contact us" in content
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_a_tampered_choice_links_to_the_first_radio(submit):
    response = submit(contact_preference="fax")
    assert response.status_code == 400
    assert 'href="#id_contact_preference_0"' in response.content.decode()


def test_a_too_long_message_is_refused(submit):
    response = submit(message="x" * 5001)
    assert response.status_code == 400
    assert "5,000 characters or fewer" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Ada\r\nBcc: victim@example.org"),
        ("name", "Ada\nSubject: spam"),
        ("name", "Ada\u2028Bcc: victim@example.org"),
        ("email", "ada@example.org\nBcc: victim@example.org"),
        ("email", "ada@example.org\r\nBcc: victim@example.org"),
    ],
)
def test_header_injection_is_refused(submit, field, value):
    response = submit(**{field: value})
    assert response.status_code == 400
    if field == "name":
        assert "Enter this on one line" in response.content.decode()
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_a_long_message_never_breaks_the_subject_line(submit):
    submit(name="A" * 150)
    for sent in mail.outbox:
        assert "\n" not in sent.subject
        assert "\n" not in sent.message()["Subject"]


def test_the_honeypot_drops_the_message_silently(submit):
    response = submit(website="https://spam.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:thank-you")
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_a_form_sent_too_quickly_is_refused_with_a_message(submit, settings):
    settings.CONTACT_MIN_FILL_SECONDS = 60
    response = submit()
    assert response.status_code == 400
    assert "Please check your message, then send it again." in response.content.decode()
    assert not ContactMessage.objects.exists()


@pytest.mark.parametrize(
    "started",
    [
        "",
        "1700000000",
        "garbage:signature",
        # A timestamp-only token, as the form gave out before tokens worked once.
        signing.dumps(1700000000.0, salt=STARTED_SALT),
        signing.dumps({"at": "soon", "nonce": "n"}, salt=STARTED_SALT),
    ],
    ids=["missing", "unsigned", "forged", "timestamp-only", "not-a-time"],
)
def test_a_missing_or_forged_timestamp_is_refused_and_renewed(submit, started):
    response = submit(started=started)
    assert response.status_code == 400
    assert "This form had expired" in response.content.decode()
    renewed = response.context["form"]["started"].value()
    assert renewed and renewed != started
    assert not ContactMessage.objects.exists()


def test_each_form_sends_one_message_only(submit):
    token = started_token()
    assert submit(started=token).status_code == 302
    response = submit(started=token, name="Someone else", message="A second message")
    assert response.status_code == 400
    content = response.content.decode()
    assert "We have already received this message" in content
    # What was typed is kept, with a fresh token to send it again on purpose.
    assert "A second message" in content
    renewed = response.context["form"]["started"].value()
    assert renewed != token
    assert ContactMessage.objects.count() == 1
    assert len(mail.outbox) == 2
    assert submit(started=renewed, message="A second message").status_code == 302
    assert ContactMessage.objects.count() == 2


def test_a_replayed_token_cannot_skip_the_minimum_fill_time(submit, settings):
    settings.CONTACT_MIN_FILL_SECONDS = 60
    # A form shown two minutes ago, sent once by a person, then replayed by a bot.
    shown = signing.dumps({"at": time.time() - 120, "nonce": "harvested"}, salt=STARTED_SALT)
    assert submit(started=shown).status_code == 302
    replay = submit(started=shown)
    assert replay.status_code == 400
    renewed = replay.context["form"]["started"].value()
    too_soon = submit(started=renewed)
    assert too_soon.status_code == 400
    assert "Please check your message, then send it again." in too_soon.content.decode()
    assert ContactMessage.objects.count() == 1


def test_sending_too_often_from_one_address_is_limited(submit, settings):
    settings.CONTACT_RATE_LIMIT = 2
    assert submit().status_code == 302
    assert submit(name="").status_code == 400
    response = submit()
    assert response.status_code == 429
    assert "Too many messages" in response.content.decode()
    assert ContactMessage.objects.count() == 1


def test_forwarded_for_is_trusted_only_behind_a_proxy(submit, settings):
    settings.CONTACT_RATE_LIMIT = 1
    assert submit(headers={"HTTP_X_FORWARDED_FOR": "203.0.113.1"}).status_code == 302
    # With no trusted proxy, a forged header does not make a new client.
    assert submit(headers={"HTTP_X_FORWARDED_FOR": "203.0.113.2"}).status_code == 429

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert submit(headers={"HTTP_X_FORWARDED_FOR": "203.0.113.3"}).status_code == 302
    assert submit(headers={"HTTP_X_FORWARDED_FOR": "203.0.113.3"}).status_code == 429
    assert submit(headers={"HTTP_X_FORWARDED_FOR": "203.0.113.4"}).status_code == 302


def test_the_form_still_works_when_the_cache_is_down(submit, settings):
    down = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
    settings.CACHES = {"default": down, "pages": down}
    assert submit().status_code == 302
    assert ContactMessage.objects.count() == 1


def test_submitting_costs_a_handful_of_queries(client, django_assert_num_queries):
    # The message in a savepoint (3), and two outbox rows by get_or_create (4 each).
    with django_assert_num_queries(11):
        client.post(URL, form_data())


def test_other_methods_are_not_allowed(client):
    assert client.put(URL).status_code == 405
