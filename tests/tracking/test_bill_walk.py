"""A bill walked from the Lords second reading to Royal Assent with recorded responses."""

from collections import Counter

import pytest
from django.urls import reverse

from campaigns.models import Milestone
from tests.factories import staff_user
from tracking.models import ProposedEvent
from tracking.services import tracked_item_poll

pytestmark = pytest.mark.django_db

WALK = "bill-walk/{}"


def titles(item) -> list[str]:
    return list(item.events.order_by("date", "key").values_list("title", flat=True))


def test_each_change_is_proposed_once_however_often_the_bill_is_polled(replay, bill):
    replay.play(WALK.format("1-lords-second-reading"))
    assert tracked_item_poll(item_id=bill.pk).proposed == 7
    assert "Second reading in the House of Lords" in titles(bill)
    assert "Royal Assent" not in titles(bill)

    # Polled again with nothing new: the bill answers 304 and nothing else is asked for.
    replay.requests.clear()
    result = tracked_item_poll(item_id=bill.pk)
    assert (result.ok, result.changed, result.proposed) == (True, False, 0)
    assert len(replay.requests) == 1
    assert replay.requests[0].headers["If-None-Match"]

    replay.play(WALK.format("2-lords-report-stage"))
    assert tracked_item_poll(item_id=bill.pk).proposed == 3
    assert "Amendment 123 tabled at Lords Report stage" in titles(bill)
    assert "Report stage in the House of Lords" in titles(bill)

    replay.play(WALK.format("3-royal-assent"))
    assert tracked_item_poll(item_id=bill.pk).proposed == 5
    assert {"Amendment 123 withdrawn at Lords Report stage", "Royal Assent"} <= set(titles(bill))

    # A source that ignores conditional requests answers in full: still nothing twice.
    bill.refresh_from_db()
    bill.etag = ""
    bill.save()
    assert tracked_item_poll(item_id=bill.pk).proposed == 0
    assert tracked_item_poll(item_id=bill.pk).proposed == 0

    counts = Counter(bill.events.values_list("title", flat=True))
    assert counts["Second reading in the House of Lords"] == 1
    assert counts["Royal Assent"] == 1
    assert bill.events.count() == 15
    assert bill.snapshots.count() == 3
    bill.refresh_from_db()
    assert bill.label == "Police, Crime, Sentencing and Courts Bill"
    assert bill.last_snapshot.data["state"]["is_act"] is True


def test_an_amendment_records_its_text_sponsor_and_link(replay, bill):
    replay.play(WALK.format("2-lords-report-stage"))
    tracked_item_poll(item_id=bill.pk)
    amendment = bill.events.get(key="amendment-98765-tabled")
    assert amendment.kind == Milestone.Kind.AMENDMENT_TABLED
    assert "national action plan for restorative justice" in amendment.text
    assert "Baroness Meacher" in amendment.text
    assert amendment.url == ("https://bills.parliament.uk/bills/2839/stages/15478/amendments/98765")
    # Amendments are searched with the campaign's words, at the stages that take amendments.
    searched = [r for r in replay.requests if r.url.path.endswith("/Amendments")]
    assert searched and all(r.url.params["SearchTerm"] == "restorative" for r in searched)
    assert not any("/Stages/15134/" in r.url.path for r in searched)  # a second reading


def test_staff_publish_an_event_and_it_reaches_the_page_and_the_feed(replay, bill, client):
    replay.play(WALK.format("3-royal-assent"))
    tracked_item_poll(item_id=bill.pk)
    event = bill.events.get(title="Royal Assent")
    campaign = bill.campaign
    page = campaign.get_absolute_url()
    assert "Royal Assent" not in client.get(page).content.decode()  # nothing public without staff

    staff = client
    staff.force_login(staff_user())
    changelist = reverse("admin:tracking_proposedevent_changelist")
    listing = staff.get(changelist + "?status__exact=proposed").content.decode()
    publish = reverse("admin:tracking_proposedevent_publish", args=[event.pk])
    assert f'formaction="{publish}"' in listing

    # One click; a second (a double-click, a resubmitted form) changes nothing.
    assert staff.post(publish, HTTP_REFERER="http://testserver" + changelist).status_code == 302
    assert staff.post(publish).status_code == 302
    event.refresh_from_db()
    assert event.status == ProposedEvent.Status.PUBLISHED
    milestone = Milestone.objects.get(campaign=campaign, title="Royal Assent")
    assert event.milestone == milestone
    assert milestone.date.isoformat() == "2022-04-28"
    assert milestone.link_url == "https://bills.parliament.uk/bills/2839/stages/16301"
    assert milestone.kind == Milestone.Kind.OUTCOME

    client.logout()
    html = client.get(page).content.decode()
    assert "Royal Assent" in html
    assert "Contains Parliamentary information licensed under the" in html
    assert "open-parliament-licence" in html

    feed = client.get(reverse("campaigns:feed-atom")).content.decode()
    campaign.refresh_from_db()
    assert campaign.title in feed
    assert campaign.updated_at >= event.decided_at  # the campaign's entry shows it has news


def test_a_dismissed_event_stays_off_the_timeline_and_is_not_proposed_again(replay, bill, client):
    replay.play(WALK.format("1-lords-second-reading"))
    tracked_item_poll(item_id=bill.pk)
    event = bill.events.get(title="First reading in the House of Commons")
    client.force_login(staff_user())
    client.post(reverse("admin:tracking_proposedevent_dismiss", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == ProposedEvent.Status.DISMISSED
    assert not Milestone.objects.filter(title=event.title).exists()
    # Even if the snapshot were lost, the key is known: the event does not come back.
    bill.snapshots.all().delete()
    bill.refresh_from_db()
    bill.etag = ""
    bill.save()
    tracked_item_poll(item_id=bill.pk)
    assert bill.events.filter(title=event.title).count() == 1
    # Without the Parliament data on its timeline, the campaign page carries no licence line.
    client.logout()
    html = client.get(bill.campaign.get_absolute_url()).content.decode()
    assert "Open Parliament Licence" not in html
