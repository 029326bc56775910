import pytest

from tracking.models import ProposedEvent, TrackedItem

pytestmark = pytest.mark.django_db


def test_the_demo_tracks_the_bill_and_the_consultation_from_recordings(demo_content):
    # The autouse no_network fixture fails any request the recordings do not answer.
    items = {item.kind: item for item in TrackedItem.objects.select_related("campaign")}
    assert set(items) == {TrackedItem.Kind.BILL, TrackedItem.Kind.CONSULTATION}
    bill = items[TrackedItem.Kind.BILL]
    assert bill.campaign.slug == "national-action-plan-for-restorative-justice"
    assert bill.failures == 0 and bill.last_snapshot is not None
    waiting = ProposedEvent.objects.filter(status=ProposedEvent.Status.PROPOSED)
    titles = set(waiting.values_list("title", flat=True))
    assert {
        "Royal Assent",
        "Amendment 123 tabled at Lords Report stage",
        "Consultation closed",
        "Government response published",
    } <= titles


def test_loading_the_demo_again_proposes_nothing_twice(demo_content):
    from django.core.management import call_command

    before = ProposedEvent.objects.count()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ProposedEvent.objects.count() == before
