"""Requesters' details are erased a set time after their request is resolved; counts stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from formats import services
from formats.models import FormatRequest
from formats.tasks import erase_old_format_requests
from notifications.models import Email

from .conftest import attach_alternative

pytestmark = pytest.mark.django_db


def resolved_days_ago(request: FormatRequest, days: int) -> None:
    FormatRequest.objects.filter(pk=request.pk).update(
        resolved_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def requests(submit, document, settings):
    settings.FORMAT_REQUEST_RETENTION_DAYS = 90
    submit(format="easy-read")
    submit(format="audio", name="Recent Reader")
    submit(format="bsl", name="Open Reader")
    easy_read, audio, bsl = FormatRequest.objects.order_by("pk")
    attach_alternative(document)
    services.format_requests_fulfil_available()
    services.format_requests_close(ids=[audio.pk])
    resolved_days_ago(easy_read, 91)
    resolved_days_ago(audio, 89)
    return easy_read, audio, bsl


def test_details_and_their_emails_go_after_the_retention_period(requests):
    easy_read, audio, bsl = requests
    keys = [f"format-request-{easy_read.pk}-{kind}" for kind in services.EMAIL_KINDS]
    assert Email.objects.filter(key__in=keys).count() == 3  # alert, acknowledgement, link

    assert services.format_requests_erase_old() == 1
    easy_read.refresh_from_db()
    assert (easy_read.email, easy_read.name, easy_read.erased_at is not None) == ("", "", True)
    assert easy_read.format == "easy-read" and easy_read.status == "fulfilled"
    assert not Email.objects.filter(key__in=keys).exists()
    # Still within the period, or still open: kept as they are.
    assert FormatRequest.objects.get(pk=audio.pk).name == "Recent Reader"
    assert FormatRequest.objects.get(pk=bsl.pk).name == "Open Reader"
    assert Email.objects.filter(key=f"format-request-{audio.pk}-acknowledgement").exists()
    assert services.format_requests_erase_old() == 0


def test_the_command_says_what_it_would_erase_and_then_does(requests):
    out = StringIO()
    call_command("erase_old_format_requests", "--dry-run", stdout=out)
    assert "Would erase the requester's details from 1 format request(s)" in out.getvalue()
    assert FormatRequest.objects.filter(erased_at__isnull=False).count() == 0
    call_command("erase_old_format_requests", stdout=out)
    assert "Erased the requester's details from 1 format request(s)" in out.getvalue()
    assert FormatRequest.objects.filter(erased_at__isnull=False).count() == 1


def test_the_nightly_job_erases_too(requests):

    assert erase_old_format_requests.delay().get() == 1
