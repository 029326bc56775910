import pytest
from django.core.management import call_command

from expert_group.models import Action, Meeting, Minutes, Paper, Rsvp
from expert_group.validators import detect_format

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def load():
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_meetings_load_twice_without_duplicates(member):
    load()
    load()
    assert Meeting.objects.count() == 2
    past, upcoming = Meeting.objects.order_by("starts_at")
    assert past.minutes.status == Minutes.Status.CIRCULATED
    assert Action.objects.filter(raised_at=past, status=Action.Status.OPEN).count() == 2
    assert upcoming.agenda_items.count() == 4
    assert Paper.objects.filter(meeting=upcoming).count() == 2
    for paper in Paper.objects.all():
        with paper.file.open("rb") as file:
            assert detect_format(file) == "PDF"
    assert Rsvp.objects.filter(user=member).count() == 2


def test_demo_meetings_without_members_record_no_answers():
    load()
    assert Meeting.objects.count() == 2
    assert not Rsvp.objects.exists()
    MembershipFactory()
    load()
    assert Rsvp.objects.count() == 2
