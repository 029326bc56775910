"""The periodic job: every due item polled in its own task; one failure stops no other."""

from datetime import timedelta

import httpx
import pytest
from django.conf import settings
from django.utils import timezone

from tracking import tasks
from tracking.models import TrackedItem
from tracking.sources import http

pytestmark = pytest.mark.django_db


def test_the_job_is_scheduled():
    jobs = {job["task"] for job in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"tracking.tasks.poll_due_items", "tracking.tasks.alert_overdue_responses"} <= jobs


def test_each_due_item_is_polled_and_a_broken_one_stops_none_of_the_others(
    monkeypatch, replay, bill, consultation, campaign
):
    replay.play("bill-walk/1-lords-second-reading")
    broken = TrackedItem.objects.create(
        campaign=campaign, kind=TrackedItem.Kind.PETITION, identifier="1"
    )  # no recording: the petitions site answers 404
    later = TrackedItem.objects.create(
        campaign=campaign,
        kind=TrackedItem.Kind.PETITION,
        identifier="600123",
        next_poll_at=timezone.now() + timedelta(hours=1),
    )
    TrackedItem.objects.filter(pk=broken.pk).update(next_poll_at=timezone.now() - timedelta(1))

    assert tasks.poll_due_items.delay().get() == 3
    for item in (bill, consultation, broken, later):
        item.refresh_from_db()
    assert bill.events.count() == 7 and bill.failures == 0
    assert consultation.failures == 1  # not in this recording either: a 404, recorded
    assert broken.failures == 1 and "404" in broken.last_error
    assert later.last_polled_at is None  # not due yet

    # Just polled: nothing is due, nothing is asked for.
    replay.requests.clear()
    assert tasks.poll_due_items.delay().get() == 0
    assert replay.requests == []


def test_a_poll_that_cannot_be_queued_is_retried_later(monkeypatch, bill):
    def refuse(item_id):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.poll_item, "delay", refuse)
    assert tasks.poll_due_items() == 1
    bill.refresh_from_db()
    assert bill.next_poll_at > timezone.now()
    assert bill.last_polled_at is None


def test_pages_never_call_a_source(monkeypatch, client, bill):
    def refuse(request):
        raise AssertionError("a page called a source")

    monkeypatch.setattr(http, "default_transport", httpx.MockTransport(refuse))
    assert client.get(bill.campaign.get_absolute_url()).status_code == 200
