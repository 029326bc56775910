"""The publishing calendar in the admin: by month, what goes live, what comes down,
consultations closing and government responses due; as a grid or a list."""

import datetime

import pytest
from django.utils import timezone

from publishing.models import Status
from tests.campaigns.factories import CampaignFactory
from tests.factories import PageFactory, staff_user
from tests.publications.factories import PublicationFactory
from tracking.models import Snapshot, TrackedItem

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def month():
    """Next month's first day, and a month of things happening in it."""
    first = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    PublicationFactory(title="Prisons briefing", publish_at=at(first.replace(day=3), 9))
    PageFactory(title="Winter appeal", take_down_at=at(first.replace(day=20), 17))
    PublicationFactory(
        title="Not scheduled: a draft", status=Status.DRAFT, publish_at=at(first.replace(day=4), 9)
    )
    campaign = CampaignFactory(title="Victims first")
    consultation = TrackedItem.objects.create(
        campaign=campaign,
        kind=TrackedItem.Kind.CONSULTATION,
        label="Victims' Code consultation",
        identifier="/government/consultations/victims-code",
        response_due_on=first.replace(day=25),
    )
    consultation.last_snapshot = Snapshot.objects.create(
        item=consultation,
        data={"title": "Victims' Code", "state": {"closed_on": first.replace(day=10).isoformat()}},
    )
    consultation.save()
    return first


def test_the_grid_shows_each_kind_of_date_on_its_day(client, month):
    client.force_login(staff_user())
    response = client.get(f"/admin/calendar/?month={month:%Y-%m}")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<caption>{month:%B %Y}</caption>" in page
    for text in [
        "Goes live:</strong> Prisons briefing",
        "Comes down:</strong> Winter appeal",
        "Consultation closes:</strong> Victims&#x27; Code consultation",
        "Government response due:</strong> Victims&#x27; Code consultation",
    ]:
        assert text in page
    assert "Not scheduled: a draft" not in page


def test_the_list_reads_day_by_day_in_order(client, month):
    client.force_login(staff_user())
    page = client.get(f"/admin/calendar/?month={month:%Y-%m}&view=list").content.decode()
    headings = [
        f"{day:%A} {day.day} {day:%B}" for day in [month.replace(day=d) for d in (3, 10, 20, 25)]
    ]
    positions = [page.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert "(Publication, 09:00)" in page
    assert "(Campaign: Victims first)" in page


def test_staff_see_only_what_they_may_view(client, month):
    client.force_login(staff_user(is_superuser=False, permissions=("cja_site.view_page",)))
    page = client.get(f"/admin/calendar/?month={month:%Y-%m}&view=list").content.decode()
    assert "Winter appeal" in page
    assert "Prisons briefing" not in page
    assert "Victims&#x27; Code" not in page


@pytest.mark.parametrize("bad", ["2026-13", "soon", "1999-01", "2026-1"])
def test_a_bad_month_is_a_400_with_a_message(client, bad):
    client.force_login(staff_user())
    response = client.get(f"/admin/calendar/?month={bad}")
    assert response.status_code == 400
    assert "Choose a month as YYYY-MM" in response.content.decode()


def test_the_calendar_is_for_staff_only(client):
    response = client.get("/admin/calendar/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_admin_home_links_to_the_calendar(client):
    client.force_login(staff_user())
    assert 'href="/admin/calendar/"' in client.get("/admin/").content.decode()
