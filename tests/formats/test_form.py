"""The request form: clear messages for bad input (4xx, never 500), and what spam meets."""

import time
from datetime import date

import pytest
from django.core import signing
from django.utils import timezone

from formats.forms import STARTED_SALT
from formats.models import FormatRequest
from notifications.models import Email
from publishing.models import Status

from .conftest import attach_alternative, form_data, request_url

pytestmark = pytest.mark.django_db


def test_the_form_names_the_document_and_offers_every_format(client, document):
    response = client.get(request_url(document))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = response.content.decode()
    assert "<h1>Request a different format</h1>" in html
    assert "Full report" in html and "Repairing harm" in html
    for value in ("audio", "braille", "bsl", "easy-read", "large-print", "other"):
        assert f'value="{value}"' in html
    assert 'name="started"' in html and 'name="website"' in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"format": ""}, "format", "Choose the format you need"),
        ({"format": "welsh"}, "format", "Choose one of the formats listed"),
        ({"format": "x" * 5000}, "format", "Choose one of the formats listed"),
        ({"format": "other"}, "other_format", "Tell us which format you need"),
        ({"email": ""}, "email", "Enter your email address"),
        ({"email": "not-an-address"}, "email", "Enter an email address in the correct format"),
        ({"name": "Sam\r\nBcc: x@example.org"}, "name", "Enter this on one line"),
        ({"needed_by": "01/01/2020"}, "needed_by", "must be today or in the future"),
        ({"needed_by": "31/02/2027"}, "needed_by", "Enter a real date"),
        ({"needed_by": "99999-99-99"}, "needed_by", "Enter a real date"),
        ({"needed_by": "٢٧/٠٣/٢٠٢٧"}, "needed_by", "Enter a real date"),
        ({"needed_by": "tomorrow"}, "needed_by", "Enter a real date"),
        ({"name": "Sam\x00"}, "name", "Null characters are not allowed"),
        ({"other_format": "x" * 201, "format": "other"}, "other_format", "200 characters"),
    ],
)
def test_bad_input_is_a_400_with_a_clear_message(submit, overrides, field, message):
    response = submit(**overrides)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert "There is a problem" in response.content.decode()
    assert response.context["form"].data["email"] == form_data(**overrides)["email"]
    assert not FormatRequest.objects.exists() and not Email.objects.exists()


def test_a_date_today_or_later_is_accepted_in_either_form(submit):
    assert submit(needed_by="27/03/2099").status_code == 302
    assert submit(needed_by="2099-03-28").status_code == 302
    assert sorted(FormatRequest.objects.values_list("needed_by", flat=True)) == [
        date(2099, 3, 27),
        date(2099, 3, 28),
    ]


def test_a_needed_by_date_sooner_than_promised_brings_the_reminder_forward(submit):
    today = timezone.localdate()
    submit(needed_by="")
    submit(format="audio", needed_by=today.strftime("%d/%m/%Y"))
    promised, needed_today = FormatRequest.objects.order_by("pk")
    assert needed_today.remind_on == today
    assert promised.remind_on > today
    assert promised.due_on == needed_today.due_on > promised.remind_on


def test_a_form_is_sent_once_only(client, document, django_capture_on_commit_callbacks):
    data = form_data()
    assert client.post(request_url(document), data).status_code == 302
    again = client.post(request_url(document), data)
    assert again.status_code == 400
    assert "already received this request" in again.content.decode()
    assert FormatRequest.objects.count() == 1


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        "",
        signing.dumps({"at": time.time(), "nonce": "n"}, salt="cja_site.contact.started"),
    ],
    ids=["forged", "empty", "another-forms-token"],
)
def test_a_forged_foreign_or_expired_token_is_refused(submit, token):
    response = submit(started=token)
    assert response.status_code == 400
    assert "This form had expired" in response.content.decode()
    assert not FormatRequest.objects.exists()


def test_a_form_left_open_for_days_has_expired(submit, monkeypatch):
    two_days_ago = time.time() - 2 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: two_days_ago)
    token = signing.dumps({"at": two_days_ago, "nonce": "n"}, salt=STARTED_SALT)
    monkeypatch.undo()
    response = submit(started=token)
    assert response.status_code == 400
    assert "This form had expired" in response.content.decode()


def test_a_form_sent_too_quickly_is_refused(submit, settings):
    settings.FORMAT_REQUEST_MIN_FILL_SECONDS = 60
    assert submit().status_code == 400
    assert not FormatRequest.objects.exists()


def test_the_honeypot_looks_like_success_and_saves_nothing(submit):
    response = submit(website="https://spam.example")
    assert response.status_code == 302
    assert not FormatRequest.objects.exists() and not Email.objects.exists()


def test_too_many_requests_from_one_address_are_refused(submit, settings):
    settings.FORMAT_REQUEST_RATE_LIMIT = 2
    assert [submit(format=f).status_code for f in ("audio", "bsl", "braille")] == [302, 302, 429]
    assert FormatRequest.objects.count() == 2


def test_only_an_original_document_of_a_public_publication_has_a_form(client, document):
    alternative = attach_alternative(document)
    assert client.get(request_url(alternative)).status_code == 404
    assert client.get(f"/accessible-formats/another-slug/{document.pk}/").status_code == 404
    assert client.get("/accessible-formats/repairing-harm/99999999999/").status_code == 404
    document.publication.status = Status.DRAFT
    document.publication.save()
    assert client.get(request_url(document)).status_code == 404
    assert client.post(request_url(document), form_data()).status_code == 404


def test_a_format_already_attached_cannot_be_requested(submit, document):
    attach_alternative(document)
    response = submit(format="easy-read")
    assert response.status_code == 400
    assert "Choose one of the formats listed" in str(response.context["form"].errors["format"])


def test_the_thank_you_page_says_what_happens_next(client, settings):
    settings.FORMAT_REQUEST_WORKING_DAYS = 7
    html = client.get("/accessible-formats/thank-you/").content.decode()
    assert "<h1>We have your request</h1>" in html
    assert "within 7 working days" in html
