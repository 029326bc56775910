"""The whole journey, through the email outbox: a request, the staff alert and acknowledgement,
one reminder, the alternative attached, the requester's link, and the next visitor's page."""

from datetime import timedelta

import pytest
from django.core import mail

from formats import services
from formats.models import FormatRequest
from notifications.models import Email

from .conftest import attach_alternative, request_url

pytestmark = pytest.mark.django_db

TYPED_NAME = "Sam Reader-Quotable"
TYPED_OTHER = "Welsh please, thanks"


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_a_request_goes_from_the_form_to_the_requesters_inbox_and_the_page(
    client, submit, document, django_capture_on_commit_callbacks, settings
):
    page = client.get(document.publication.get_absolute_url()).content.decode()
    assert 'href="' + request_url(document) + '"' in page
    assert "Request a different format" in page

    response = submit(name=TYPED_NAME)
    assert response.status_code == 302
    assert response["Location"] == "/accessible-formats/thank-you/"
    request = FormatRequest.objects.get()
    assert (request.format, request.email, request.document) == (
        "easy-read",
        "reader@example.org",
        document,
    )

    # Staff hear of it, with what was asked for and a way to reply.
    [alert] = sent_to("accessibility@example.org")
    assert request.reference in alert.subject
    assert "Easy Read" in alert.subject and "Repairing harm" in alert.subject
    assert TYPED_NAME in alert.body and "Full report" in alert.body
    assert alert.reply_to == ["reader@example.org"]
    assert f"/admin/formats/formatrequest/{request.pk}/change/" in alert.body

    # The requester gets a reference, the date and what happens next: nothing they typed.
    [ack] = sent_to("reader@example.org")
    assert request.reference in ack.subject and request.reference in ack.body
    assert request.due_on.strftime("%-d %B %Y") in ack.body
    for typed in (TYPED_NAME, "Easy Read", "Repairing harm", "Full report"):
        assert typed not in ack.body and typed not in ack.subject

    # Staff are reminded once, when the promised date is near, and not before.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.format_requests_remind(today=request.remind_on - timedelta(days=1)) == 0
        assert services.format_requests_remind(today=request.remind_on) == 1
        assert services.format_requests_remind(today=request.due_on) == 0
    [reminder] = mail.outbox
    assert reminder.to == ["accessibility@example.org"]
    assert request.reference in reminder.subject

    # Staff attach the Easy Read version: the requester is emailed its link, once.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        alternative = attach_alternative(document)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.format_requests_fulfil_available() == 0
    [ready] = mail.outbox
    assert ready.to == ["reader@example.org"]
    assert settings.SITE_URL + alternative.get_absolute_url() in ready.body
    request.refresh_from_db()
    assert request.status == FormatRequest.Status.FULFILLED
    assert request.fulfilled_with == alternative
    assert Email.objects.filter(key=f"format-request-{request.pk}-fulfilled").count() == 1

    # The next visitor finds it on the page, and is not offered it to request.
    page = client.get(document.publication.get_absolute_url()).content.decode()
    assert f'href="{alternative.get_absolute_url()}">Easy Read: Easy Read version</a>' in page
    assert "Request a different format" not in page
    assert "Need a format not listed? Request it" in page
    form_page = client.get(request_url(document)).content.decode()
    assert "Already available" in form_page
    assert alternative.get_absolute_url() in form_page
    assert 'value="easy-read"' not in form_page
    assert 'value="audio"' in form_page
    assert client.get(alternative.get_absolute_url()).status_code == 200


def queued(kind: str) -> list[Email]:
    return list(Email.objects.filter(key__endswith=f"-{kind}").order_by("pk"))


def test_the_requester_link_is_absolute_from_site_url(submit, document, settings):
    settings.SITE_URL = "https://www.example.org.uk"
    submit()
    alternative = attach_alternative(document)
    services.format_requests_fulfil_available()
    [ready] = queued("fulfilled")
    assert ready.to == ["reader@example.org"]
    assert f"https://www.example.org.uk{alternative.get_absolute_url()}" in ready.text_body


def test_another_format_is_matched_by_staff_not_guessed(submit, document):
    submit(format="other", other_format=TYPED_OTHER)
    request = FormatRequest.objects.get()
    assert request.other_format == TYPED_OTHER
    [ack] = queued("acknowledgement")
    assert TYPED_OTHER not in ack.text_body
    [alert] = queued("staff-alert")
    assert TYPED_OTHER in alert.text_body
    welsh = attach_alternative(document, fmt="welsh", title="Cymraeg")
    assert services.format_requests_fulfil_available() == 0
    assert queued("fulfilled") == []
    assert services.format_request_fulfil(format_request=request, alternative=welsh)
    assert not services.format_request_fulfil(format_request=request, alternative=welsh)
    assert len(queued("fulfilled")) == 1


def test_a_request_fulfilled_or_closed_is_never_reminded(submit, document):
    submit()
    submit(format="audio")
    easy_read, audio = FormatRequest.objects.order_by("pk")
    assert services.format_requests_close(ids=[audio.pk]) == 1
    attach_alternative(document)
    services.format_requests_fulfil_available()
    assert services.format_requests_remind(today=easy_read.due_on) == 0
    assert queued("reminder") == []
    audio.refresh_from_db()
    assert audio.status == FormatRequest.Status.CLOSED and audio.fulfilled_with is None
