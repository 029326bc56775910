"""Government response deadlines: shown on the campaign page, alerted to staff once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Email
from tests.factories import staff_user
from tracking import deadlines
from tracking.models import TrackedItem
from tracking.services import overdue_responses_alert, tracked_item_poll, tracked_item_save

pytestmark = pytest.mark.django_db

CLOSED_ON = datetime.date(2022, 2, 3)  # in the recorded consultation


def poll_on(item, day: datetime.date):
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return tracked_item_poll(item_id=item.pk, now=noon)


def test_the_response_to_a_consultation_is_due_twelve_weeks_after_it_closes(replay, consultation):
    replay.play("consultation-closed")
    poll_on(consultation, CLOSED_ON + datetime.timedelta(days=1))
    consultation.refresh_from_db()
    assert consultation.response_due_on == datetime.date(2022, 4, 28)
    assert consultation.response_published_on is None
    assert set(consultation.events.values_list("key", flat=True)) == {
        "consultation-opened",
        "consultation-closed",
    }


def test_a_consultation_closed_twelve_weeks_ago_without_an_outcome_alerts_staff_once(
    replay, consultation, client, settings
):
    settings.STAFF_ALERT_EMAILS = ["team@example.org"]
    replay.play("consultation-closed")
    due = CLOSED_ON + datetime.timedelta(weeks=12)
    poll_on(consultation, due)
    # On the due day itself it is due, not late.
    assert overdue_responses_alert(today=due) == 0

    late = due + datetime.timedelta(days=3)
    assert overdue_responses_alert(today=late) == 1
    assert overdue_responses_alert(today=late) == 0
    assert overdue_responses_alert(today=late + datetime.timedelta(days=7)) == 0
    email = Email.objects.get()
    assert email.to == ["team@example.org"]
    assert "overdue" in email.subject.lower()
    assert "3 days overdue" in email.text_body
    assert reverse("admin:tracking_trackeditem_change", args=[consultation.pk]) in email.text_body

    client.force_login(staff_user())
    listing = client.get(reverse("admin:tracking_trackeditem_changelist")).content.decode()
    assert "Overdue by" in listing and "(not yet confirmed)" in listing


def test_the_campaign_page_shows_the_deadline_and_once_confirmed_how_late_it_is(
    replay, consultation, client
):
    replay.play("consultation-closed")
    poll_on(consultation, CLOSED_ON + datetime.timedelta(days=1))
    page = consultation.campaign.get_absolute_url()
    html = client.get(page).content.decode()
    assert "Government response due by" in html and "28 April 2022" in html
    assert "overdue by" not in html  # not until staff have confirmed it

    consultation.refresh_from_db()
    consultation.overdue_confirmed = True
    consultation.save()
    late = (timezone.localdate() - consultation.response_due_on).days
    html = client.get(page).content.decode()  # the page cache turned over on save
    assert f"overdue by {late:,} days".replace(",", "") in html.replace(",", "")

    consultation.show_deadline = False
    consultation.save()
    assert "Government response due by" not in client.get(page).content.decode()


def test_once_the_outcome_is_published_nothing_is_due_and_no_one_is_alerted(replay, consultation):
    replay.play("consultation-outcome")
    poll_on(consultation, datetime.date(2022, 6, 1))
    consultation.refresh_from_db()
    assert consultation.response_published_on == datetime.date(2022, 5, 25)
    assert consultation.events.get(key="consultation-outcome").title == (
        "Government response published"
    )
    assert overdue_responses_alert(today=datetime.date(2026, 1, 1)) == 0
    assert not Email.objects.exists()


def test_a_select_committee_report_is_answered_within_two_months(campaign):
    item = TrackedItem(
        campaign=campaign,
        kind=TrackedItem.Kind.COMMITTEE_REPORT,
        label="Justice Committee: the role of restorative justice",
        report_published_on=datetime.date(2021, 12, 31),
    )
    item.full_clean()
    tracked_item_save(item=item)
    assert item.response_due_on == datetime.date(2022, 2, 28)
    assert deadlines.committee_response_due(datetime.date(2023, 12, 31)) == datetime.date(
        2024, 2, 29
    )
    assert deadlines.committee_response_due(datetime.date(2022, 11, 15)) == datetime.date(
        2023, 1, 15
    )
    # Not polled: there is no API for it.
    assert tracked_item_poll(item_id=item.pk).ok is False
