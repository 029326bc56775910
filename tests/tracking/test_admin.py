"""What staff see and do: the proposed events list, the tracked items, the attention panel."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Milestone
from tests.factories import staff_user
from tracking.models import ProposedEvent, TrackedItem
from tracking.services import tracked_item_poll

pytestmark = pytest.mark.django_db

EVENTS = reverse("admin:tracking_proposedevent_changelist")
ITEMS = reverse("admin:tracking_trackeditem_changelist")


@pytest.fixture
def staff_client(client):
    client.force_login(staff_user())
    return client


@pytest.fixture
def polled(replay, bill):
    replay.play("bill-walk/3-royal-assent")
    tracked_item_poll(item_id=bill.pk)
    return bill


def test_the_admin_home_counts_what_waits_and_what_fails(staff_client, polled, campaign):
    TrackedItem.objects.create(
        campaign=campaign, kind=TrackedItem.Kind.PETITION, identifier="9", failures=2
    )
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "<strong>15</strong> proposed timeline events to review" in html
    assert f'href="{EVENTS}?status__exact=proposed"' in html
    assert "<strong>1</strong> tracked source failing" in html
    assert f'href="{ITEMS}?failing=yes"' in html
    listing = staff_client.get(ITEMS + "?failing=yes").content.decode()
    assert "Failing (2)" in listing and "Police, Crime" not in listing


def test_the_lists_take_the_same_queries_however_long(staff_client, polled, campaign, replay):
    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        return len(captured)

    queries(EVENTS)  # the first request of a session reads more (content types, messages)
    before = {url: queries(url) for url in (EVENTS, ITEMS)}
    replay.play("petition")
    for number in ("600123", "600124"):
        petition = TrackedItem.objects.create(
            campaign=campaign, kind=TrackedItem.Kind.PETITION, identifier=number
        )
        tracked_item_poll(item_id=petition.pk)  # 600124 fails: a failing row too
    assert {url: queries(url) for url in (EVENTS, ITEMS)} == before


def test_edit_then_publish_from_the_change_form(staff_client, polled):
    event = polled.events.get(key="amendment-98765-tabled")
    url = reverse("admin:tracking_proposedevent_change", args=[event.pk])
    form = staff_client.get(url).content.decode()
    assert 'name="_publish"' in form
    response = staff_client.post(
        url,
        {
            "date": "2021-11-16",
            "kind": "amendment-tabled",
            "title": "Our amendment for a national action plan is tabled",
            "text": "With Baroness Meacher.",
            "url": event.url,
            "link_text": "Read the amendment",
            "_publish": "1",
        },
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(title="Our amendment for a national action plan is tabled")
    assert milestone.date.isoformat() == "2021-11-16"
    assert milestone.link_text == "Read the amendment"
    # Published: edited from now on as the campaign's milestone, not here.
    assert staff_client.get(url).status_code in (200, 403)
    assert 'name="_publish"' not in staff_client.get(url).content.decode()


def test_bulk_actions_publish_and_dismiss(staff_client, polled):
    stages = polled.events.filter(key__startswith="stage-").order_by("date")
    first, second = stages[0], stages[1]
    staff_client.post(
        EVENTS, {"action": "publish", "_selected_action": [first.pk, first.pk]}, follow=True
    )
    staff_client.post(EVENTS, {"action": "dismiss", "_selected_action": [second.pk, first.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ProposedEvent.Status.PUBLISHED  # dismissing a published one: no
    assert second.status == ProposedEvent.Status.DISMISSED
    assert Milestone.objects.filter(title=first.title).count() == 1


def test_staff_without_the_right_to_add_milestones_cannot_publish(client, polled):
    client.force_login(
        staff_user(
            is_superuser=False,
            permissions=("tracking.view_proposedevent", "tracking.change_proposedevent"),
        )
    )
    event = polled.events.first()
    response = client.post(reverse("admin:tracking_proposedevent_publish", args=[event.pk]))
    assert response.status_code == 403
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("kind", "identifier", "message"),
    [
        ("bill", "the crime bill", "Give the number"),
        ("bill", "12\x003", "Give the number"),
        ("bill", "1234567890123", "Give the number"),
        ("consultation", "https://example.com/x y", "GOV.UK address"),
        ("written-questions", "", "Give words to search for"),
    ],
)
def test_a_bad_identifier_is_explained_not_a_500(staff_client, campaign, kind, identifier, message):
    response = staff_client.post(
        reverse("admin:tracking_trackeditem_add"),
        {"campaign": campaign.pk, "kind": kind, "identifier": identifier, "show_deadline": "on"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TrackedItem.objects.exists()


def test_check_again_asks_the_next_poll_without_calling_the_source(staff_client, polled):
    polled.refresh_from_db()
    assert (
        staff_client.post(
            ITEMS, {"action": "poll_soon", "_selected_action": [polled.pk]}
        ).status_code
        == 302
    )
    before = polled.next_poll_at
    polled.refresh_from_db()
    assert polled.next_poll_at < before
