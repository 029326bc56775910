"""A consultation response and the government's response stay in step with the campaign's
timeline: publishing "Government response published" links it on our response's page."""

import pytest
from django.urls import reverse

from publications.models import Publication
from tests.factories import staff_user
from tests.publications.factories import PublicationFactory
from tracking.models import ProposedEvent, TrackedItem

pytestmark = pytest.mark.django_db

OUR_RESPONSE = "response-to-the-victims-bill-consultation"  # demo publication


def response_event():
    return ProposedEvent.objects.get(
        item__kind=TrackedItem.Kind.CONSULTATION, title="Government response published"
    )


def government_response_shown(client, slug) -> str:
    html = client.get(f"/publications/{slug}/").content.decode()
    return html[html.index("<dt>Government response</dt>") :].split("</dd>", 1)[0]


def test_publishing_the_response_event_links_it_on_our_consultation_response(client, demo_content):
    event = response_event()
    assert "Not published yet" in government_response_shown(client, OUR_RESPONSE)
    # Another response, to a different consultation, is left alone.
    other = PublicationFactory(
        kind=Publication.Kind.CONSULTATION_RESPONSE,
        consultation_name="Another consultation",
        consultation_url="https://www.gov.uk/government/consultations/something-else",
    )

    staff = client
    staff.force_login(staff_user())
    answer = staff.post(
        reverse("admin:tracking_proposedevent_publish", args=[event.pk]), follow=True
    )
    messages = [str(message) for message in answer.context["messages"]]
    assert "Linked the government response on our response “Our response to the " in " ".join(
        messages
    )
    staff.logout()

    shown = government_response_shown(client, OUR_RESPONSE)
    assert f'<a href="{event.url}"' in shown and "Read the government\u2019s response" in shown
    assert event.date.strftime("%-d %B %Y") in shown
    assert "Not published yet" in government_response_shown(client, other.slug)
    api = client.get(f"/api/v1/publications/{OUR_RESPONSE}/").json()["consultation"]
    assert api["government_response_url"] == event.url
    assert api["government_response_date"] == event.date.isoformat()


def test_a_response_staff_linked_themselves_is_kept(client, demo_content):
    Publication.objects.filter(slug=OUR_RESPONSE).update(
        government_response_url="https://www.gov.uk/government/publications/their-own-link"
    )
    client.force_login(staff_user())
    answer = client.post(
        reverse("admin:tracking_proposedevent_publish", args=[response_event().pk]), follow=True
    )
    messages = " ".join(str(message) for message in answer.context["messages"])
    assert "No consultation response of ours links to this consultation" in messages
    kept = Publication.objects.get(slug=OUR_RESPONSE)
    assert kept.government_response_url.endswith("/their-own-link")
