"""Each source read from recorded responses; a source that fails or changes its shape."""

import datetime
from datetime import timedelta

import httpx
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import staff_user
from tracking.models import TrackedItem
from tracking.services import tracked_item_poll
from tracking.sources import http

pytestmark = pytest.mark.django_db


def serve(monkeypatch, handler):
    seen = []

    def record(request):
        seen.append(request)
        return handler(request)

    monkeypatch.setattr(http, "default_transport", httpx.MockTransport(record))
    return seen


def test_a_petition_becomes_its_milestones(replay, campaign):
    item = TrackedItem.objects.create(
        campaign=campaign, kind=TrackedItem.Kind.PETITION, identifier="600123"
    )
    replay.play("petition")
    tracked_item_poll(item_id=item.pk)
    events = {e.key: e for e in item.events.all()}
    assert set(events) == {
        "opened",
        "response-threshold",
        "government-response",
        "debate-threshold",
        "debate-scheduled-2022-09-19",
        "debated",
        "closed",
    }
    response = events["government-response"]
    assert response.title == "Government response published"
    assert response.date == datetime.date(2022, 3, 28)
    assert response.url == "https://petition.parliament.uk/petitions/600123"
    assert events["debate-scheduled-2022-09-19"].title == "Debate scheduled for 19 September 2022"
    assert events["debated"].url.startswith("https://hansard.parliament.uk/")
    item.refresh_from_db()
    assert item.last_snapshot.data["state"]["signature_count"] == 104215


def test_written_questions_propose_tabled_and_answered_but_not_holding_answers(replay, campaign):
    item = TrackedItem.objects.create(
        campaign=campaign,
        kind=TrackedItem.Kind.WRITTEN_QUESTIONS,
        identifier="restorative justice",
        answering_body_id=54,
    )
    replay.play("questions")
    tracked_item_poll(item_id=item.pk)
    assert sorted(item.events.values_list("title", flat=True)) == [
        "Question answered: Restorative Justice",
        "Written question tabled: Restorative Justice",
        "Written question tabled: Restorative Justice: Victims",
    ]
    answered = item.events.get(key="question-1412345-answered")
    assert answered.url == (
        "https://questions-statements.parliament.uk/written-questions/detail/2022-01-11/102345"
    )
    params = replay.requests[0].url.params
    assert (params["searchTerm"], params["answeringBodies"]) == ("restorative justice", "54")


def test_requests_say_who_is_asking_and_give_up_quickly(monkeypatch, bill, settings):
    settings.TRACKING_CONTACT_EMAIL = "web@example.org"
    seen = serve(monkeypatch, lambda request: httpx.Response(503))
    tracked_item_poll(item_id=bill.pk)
    agent = seen[0].headers["User-Agent"]
    assert settings.SITE_NAME in agent and settings.SITE_URL in agent
    assert "web@example.org" in agent
    assert seen[0].url == f"{settings.PARLIAMENT_BILLS_API_URL}/Bills/2839"
    with http.client() as client:
        assert client.timeout.read == settings.TRACKING_HTTP_TIMEOUT_SECONDS


@pytest.mark.parametrize(
    "answer",
    [
        lambda request: httpx.Response(500),
        lambda request: httpx.Response(200, text="<html>Maintenance</html>"),
        lambda request: httpx.Response(200, json={"unexpected": "shape"}),
        lambda request: httpx.Response(200, json={"items": [{"id": 1}]}),
        lambda request: (_ for _ in ()).throw(httpx.ConnectTimeout("timed out")),
    ],
    ids=["server-error", "not-json", "other-json", "missing-fields", "timeout"],
)
def test_a_broken_source_backs_off_keeps_the_last_good_state_and_tells_staff(
    monkeypatch, replay, bill, client, answer
):
    replay.play("bill-walk/1-lords-second-reading")
    tracked_item_poll(item_id=bill.pk)
    bill.refresh_from_db()
    good = bill.last_snapshot
    bill.etag = ""
    bill.save()

    serve(monkeypatch, answer)
    delays = []
    for _ in range(3):
        before = timezone.now()
        result = tracked_item_poll(item_id=bill.pk)
        assert not result.ok
        bill.refresh_from_db()
        delays.append(bill.next_poll_at - before)
    assert bill.failures == 3
    assert bill.last_snapshot == good
    assert bill.last_error
    # Exponential: each wait at least as long as the previous one's floor (half of base * 2**n).
    assert delays[0] >= timedelta(seconds=150) and delays[2] >= timedelta(seconds=600)
    assert delays[2] > delays[0]

    client.force_login(staff_user())
    page = client.get(reverse("admin:tracking_trackeditem_change", args=[bill.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Police, Crime, Sentencing and Courts Bill" in html  # the last good state
    listing = client.get(reverse("admin:tracking_trackeditem_changelist")).content.decode()
    assert "Failing (3)" in listing
    # The public page never depends on the source.
    client.logout()
    assert client.get(bill.campaign.get_absolute_url()).status_code == 200

    # The source recovers: the failures are forgotten.
    replay.play("bill-walk/1-lords-second-reading")
    monkeypatch.setattr(http, "default_transport", httpx.MockTransport(replay.handle))
    assert tracked_item_poll(item_id=bill.pk).ok
    bill.refresh_from_db()
    assert (bill.failures, bill.last_error) == (0, "")


def test_a_rate_limit_is_honoured(monkeypatch, bill):
    serve(monkeypatch, lambda request: httpx.Response(429, headers={"Retry-After": "7200"}))
    before = timezone.now()
    tracked_item_poll(item_id=bill.pk)
    bill.refresh_from_db()
    assert bill.next_poll_at >= before + timedelta(seconds=7200)
    assert "429" in bill.last_error


def test_a_retry_after_date_is_understood():
    later = timezone.now() + timedelta(hours=1)
    header = later.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 3500 < http.retry_after_seconds(header) <= 3600
    assert http.retry_after_seconds("soon") is None
    assert http.retry_after_seconds("120") == 120


def test_a_not_modified_answer_keeps_the_snapshot(monkeypatch, replay, consultation):
    replay.play("consultation-closed")
    tracked_item_poll(item_id=consultation.pk)
    consultation.refresh_from_db()
    etag, snapshot = consultation.etag, consultation.last_snapshot
    assert etag
    seen = serve(monkeypatch, lambda request: httpx.Response(304))
    assert tracked_item_poll(item_id=consultation.pk).changed is False
    assert seen[0].headers["If-None-Match"] == etag
    consultation.refresh_from_db()
    assert consultation.last_snapshot == snapshot
    assert consultation.etag == etag


@pytest.mark.parametrize(
    ("kind", "identifier", "expected"),
    [
        ("bill", "https://bills.parliament.uk/bills/2839", "2839"),
        ("petition", "https://petition.parliament.uk/petitions/600123", "600123"),
        (
            "consultation",
            "https://www.gov.uk/government/consultations/a-consultation?x=1",
            "/government/consultations/a-consultation",
        ),
    ],
)
def test_staff_may_paste_an_address(campaign, kind, identifier, expected):
    item = TrackedItem(campaign=campaign, kind=kind, identifier=identifier)
    item.full_clean()
    assert item.identifier == expected
