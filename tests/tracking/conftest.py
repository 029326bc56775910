from pathlib import Path

import httpx
import pytest

from tests.campaigns.factories import CampaignFactory
from tracking.models import TrackedItem
from tracking.replay import replay_transport
from tracking.sources import http

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONSULTATION_PATH = (
    "/government/consultations/delivering-justice-for-victims-a-consultation-on-"
    "improving-victims-experiences-of-the-justice-system"
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any request a test did not set up fails loudly instead of reaching the network."""

    def refuse(request):
        raise AssertionError(f"Unexpected request to {request.url}")

    monkeypatch.setattr(http, "default_transport", httpx.MockTransport(refuse))


class Replay:
    """Serves one recorded moment at a time; `play(name)` moves on to the next moment."""

    def __init__(self):
        self.directory = None
        self.requests: list[httpx.Request] = []

    def play(self, name: str) -> None:
        self.directory = FIXTURES / name

    def handle(self, request):
        self.requests.append(request)
        return replay_transport(self.directory).handle_request(request)

    def client(self) -> httpx.Client:
        return http.client(transport=httpx.MockTransport(self.handle))


@pytest.fixture
def replay(monkeypatch):
    recorded = Replay()
    monkeypatch.setattr(http, "default_transport", httpx.MockTransport(recorded.handle))
    return recorded


@pytest.fixture
def campaign(db):
    return CampaignFactory(title="A national action plan for restorative justice")


@pytest.fixture
def bill(campaign):
    return TrackedItem.objects.create(
        campaign=campaign, kind=TrackedItem.Kind.BILL, identifier="2839", terms="restorative"
    )


@pytest.fixture
def consultation(campaign):
    return TrackedItem.objects.create(
        campaign=campaign, kind=TrackedItem.Kind.CONSULTATION, identifier=CONSULTATION_PATH
    )
