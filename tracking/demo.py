"""Demo tracking: the action-plan campaign follows the Police, Crime, Sentencing and Courts Bill
and the Victims' Bill consultation. Their polls replay responses recorded in demo_fixtures/
through the same code as a live poll (no network), so staff find proposed events waiting."""

from pathlib import Path

from campaigns.models import Campaign

from .models import TrackedItem
from .replay import replay_transport
from .services import tracked_item_poll
from .sources import http

RECORDED = Path(__file__).resolve().parent / "demo_fixtures" / "recorded"
CAMPAIGN = "national-action-plan-for-restorative-justice"
ITEMS = [
    {
        "kind": TrackedItem.Kind.BILL,
        "identifier": "2839",
        "terms": "restorative",
        "label": "Police, Crime, Sentencing and Courts Bill",
    },
    {
        "kind": TrackedItem.Kind.CONSULTATION,
        "identifier": "/government/consultations/delivering-justice-for-victims-a-consultation-"
        "on-improving-victims-experiences-of-the-justice-system",
        "label": "Victims' Bill consultation: delivering justice for victims",
    },
]


def load() -> list[str]:
    campaign = Campaign.objects.filter(slug=CAMPAIGN).first()
    if campaign is None:
        return []
    with http.client(transport=replay_transport(RECORDED)) as client:
        for entry in ITEMS:
            item, _ = TrackedItem.objects.update_or_create(
                campaign=campaign,
                kind=entry["kind"],
                identifier=entry["identifier"],
                defaults={"terms": entry.get("terms", ""), "label": entry["label"]},
            )
            tracked_item_poll(item_id=item.pk, http=client)
    waiting = campaign.tracked_items.filter(events__status="proposed").count()
    return [f"Tracking: {waiting} proposed timeline events wait for staff."]
