"""Outside data is data: a source that answers with script or foreign links, or redirects
elsewhere, puts nothing foreign on a public page or in the admin."""

import json
import shutil

import httpx
import pytest
from django.urls import reverse

from campaigns.models import Milestone
from tests.factories import staff_user
from tracking.models import ProposedEvent, TrackedItem
from tracking.replay import replay_transport
from tracking.services import proposed_event_publish, tracked_item_poll
from tracking.sources import http
from tracking.sources.links import ForeignLink, link_allowed

from .conftest import CONSULTATION_PATH, FIXTURES

pytestmark = pytest.mark.django_db

FOREIGN = [
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://www.gov.uk@evil.example/phish",
    "https://hansard.parliament.uk@evil.example/phish",
    "https://evil.example/hansard.parliament.uk",
    "https://parliament.uk.evil.example/debate",
    "https://evilparliament.uk/debate",
    "http://hansard.parliament.uk/commons/2022-09-19",
    "https://hansard.parliament.uk:8443/commons",
    "//evil.example/phish",
    "https://evil.example\\@hansard.parliament.uk/",
    "https://hansard.parliament.uk\n.evil.example/",
]
MARKERS = ("evil", "javascript:", "JavaScript:", "data:text", ":8443", "http://hansard")


@pytest.fixture
def staff_client(client):
    client.force_login(staff_user())
    return client


def moment(tmp_path, *, petition_transcript: str, base_path: str):
    """The recorded petition and consultation, with what a hostile source would put in them."""
    petition_file = FIXTURES / "petition/petition.parliament.uk/petitions/600123.json"
    petition = json.loads(petition_file.read_text())
    petition["data"]["attributes"]["debate"]["transcript_url"] = petition_transcript
    target = tmp_path / "petition.parliament.uk/petitions/600123.json"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(petition))
    shutil.copytree(FIXTURES / "consultation-outcome", tmp_path, dirs_exist_ok=True)
    consultation_file = tmp_path / f"www.gov.uk/api/content{CONSULTATION_PATH}.json"
    consultation = json.loads(consultation_file.read_text())
    consultation["base_path"] = base_path
    consultation_file.write_text(json.dumps(consultation))
    return tmp_path


def publish_everything(staff_client):
    for event in ProposedEvent.objects.filter(status=ProposedEvent.Status.PROPOSED):
        staff_client.post(reverse("admin:tracking_proposedevent_publish", args=[event.pk]))


def assert_nothing_foreign(html: str):
    for marker in MARKERS:
        assert marker not in html


@pytest.mark.parametrize("foreign", FOREIGN)
def test_a_hostile_source_puts_nothing_foreign_on_the_campaign_page_or_in_the_admin(
    monkeypatch, tmp_path, campaign, staff_client, foreign
):
    directory = moment(tmp_path, petition_transcript=foreign, base_path="@evil.example/phish")
    monkeypatch.setattr(http, "default_transport", replay_transport(directory))
    petition = TrackedItem.objects.create(
        campaign=campaign, kind=TrackedItem.Kind.PETITION, identifier="600123"
    )
    consultation = TrackedItem.objects.create(
        campaign=campaign, kind=TrackedItem.Kind.CONSULTATION, identifier=CONSULTATION_PATH
    )
    assert tracked_item_poll(item_id=petition.pk).ok
    assert tracked_item_poll(item_id=consultation.pk).ok

    debate = petition.events.get(key="debated")
    assert debate.url == "https://petition.parliament.uk/petitions/600123"
    assert set(consultation.events.values_list("url", flat=True)) == {""}

    admin_pages = [
        reverse("admin:tracking_proposedevent_changelist"),
        reverse("admin:tracking_proposedevent_change", args=[debate.pk]),
        reverse("admin:tracking_trackeditem_change", args=[petition.pk]),
        reverse("admin:tracking_trackeditem_change", args=[consultation.pk]),
    ]
    for page in admin_pages:
        response = staff_client.get(page)
        assert response.status_code == 200
        assert_nothing_foreign(response.content.decode())

    publish_everything(staff_client)
    assert Milestone.objects.filter(campaign=campaign).count() == ProposedEvent.objects.count()
    campaign.status = "published"
    campaign.save()
    page = staff_client.get(campaign.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Parliament debated the petition" in html
    assert_nothing_foreign(html)
    assert_nothing_foreign(staff_client.get(reverse("campaigns:feed")).content.decode())


def test_publishing_checks_the_link_again(staff_client, campaign):
    item = TrackedItem.objects.create(
        campaign=campaign, kind=TrackedItem.Kind.PETITION, identifier="600123"
    )
    # As if stored before links were checked, or written by something other than a poll.
    event = ProposedEvent.objects.create(
        item=item,
        key="debated",
        kind="other",
        title="Parliament debated the petition",
        date="2022-09-19",
        url="https://www.gov.uk@evil.example/phish",
        link_text="Read the debate",
    )
    response = staff_client.post(
        reverse("admin:tracking_proposedevent_publish", args=[event.pk]), follow=True
    )
    assert "Not published" in response.content.decode()
    assert not Milestone.objects.exists()
    event.refresh_from_db()
    assert event.status == ProposedEvent.Status.PROPOSED

    with pytest.raises(ForeignLink):
        proposed_event_publish(event_id=event.pk)


def test_staff_cannot_edit_a_proposed_event_to_a_foreign_link(staff_client, campaign):
    item = TrackedItem.objects.create(
        campaign=campaign, kind=TrackedItem.Kind.CONSULTATION, identifier=CONSULTATION_PATH
    )
    event = ProposedEvent.objects.create(
        item=item, key="k", kind="other", title="Consultation closed", date="2022-02-03"
    )
    response = staff_client.post(
        reverse("admin:tracking_proposedevent_change", args=[event.pk]),
        {
            "date": "2022-02-03",
            "kind": "other",
            "title": "Consultation closed",
            "text": "",
            "url": "https://evil.example/phish",
            "link_text": "Read it",
        },
    )
    assert response.status_code == 400
    assert "Give an https address on gov.uk" in response.content.decode()
    event.refresh_from_db()
    assert event.url == ""


@pytest.mark.parametrize(
    "location",
    [
        "https://evil.example/petitions/600123.json",
        "http://petition.parliament.uk/petitions/600123.json",
        "https://user@petition.parliament.uk/petitions/600123.json",
        "//evil.example/petitions/600123.json",
    ],
)
def test_a_redirect_to_a_foreign_host_is_not_followed(monkeypatch, campaign, location):
    asked = []

    def handle(request):
        asked.append(str(request.url))
        if request.url.host == "petition.parliament.uk":
            return httpx.Response(302, headers={"Location": location})
        return httpx.Response(200, json={"data": {"id": 1, "attributes": {"action": "Phish"}}})

    monkeypatch.setattr(http, "default_transport", httpx.MockTransport(handle))
    item = TrackedItem.objects.create(
        campaign=campaign, kind=TrackedItem.Kind.PETITION, identifier="600123"
    )
    result = tracked_item_poll(item_id=item.pk)
    assert not result.ok
    assert "redirected to a host it may not use" in result.error
    assert asked == ["https://petition.parliament.uk/petitions/600123.json"]
    assert not item.events.exists()


def test_a_redirect_within_the_allowlist_is_followed(monkeypatch, campaign):
    recorded = replay_transport(FIXTURES / "petition")

    def handle(request):
        if request.url.path == "/petitions/600123.json":
            return httpx.Response(301, headers={"Location": "/archived/petitions/600123.json"})
        if request.url.path == "/archived/petitions/600123.json":
            return recorded.handle_request(
                httpx.Request("GET", "https://petition.parliament.uk/petitions/600123.json")
            )
        return httpx.Response(404)

    monkeypatch.setattr(http, "default_transport", httpx.MockTransport(handle))
    item = TrackedItem.objects.create(
        campaign=campaign, kind=TrackedItem.Kind.PETITION, identifier="600123"
    )
    assert tracked_item_poll(item_id=item.pk).ok
    assert item.events.filter(key="debated").exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://hansard.parliament.uk/commons/2022-09-19/debates/0000/RestorativeJustice",
        "https://petition.parliament.uk/petitions/600123",
        "https://parliament.uk/",
        "https://HANSARD.parliament.uk/x",
    ],
)
def test_parliament_links_are_allowed(url):
    assert link_allowed(url, ("parliament.uk",))
