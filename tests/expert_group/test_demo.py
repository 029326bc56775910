import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from cja_site.models import User
from documents.sniffing import document_sniff
from expert_group import demo
from expert_group.models import Action, Meeting, Membership, Minutes, Paper, Rsvp

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_demo_members_load_twice_and_print_sign_ins_in_development(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo_content")
    call_command("load_demo_content")
    out = capsys.readouterr().out
    assert demo.DEMO_MEMBER_EMAIL in out and demo.DEMO_TOTP_SECRET in out
    staff = User.objects.get(email=demo.DEMO_STAFF_EMAIL)
    assert staff.is_staff and staff.check_password(demo.DEMO_PASSWORD)
    assert Authenticator.objects.filter(user=staff, type="totp").count() == 1
    member = Membership.objects.get(email=demo.DEMO_MEMBER_EMAIL)
    assert member.status == Membership.Status.ACTIVE and member.is_demo
    assert Membership.objects.filter(role=Membership.Role.CHAIR, listed_publicly=True).exists()


def test_no_known_password_accounts_and_nothing_secret_outside_development(settings, capsys):
    settings.DEBUG = False
    call_command("load_demo_content")
    out = capsys.readouterr().out
    assert demo.DEMO_PASSWORD not in out and demo.DEMO_TOTP_SECRET not in out
    assert not User.objects.filter(email=demo.DEMO_STAFF_EMAIL).exists()
    assert not any(user.has_usable_password() for user in User.objects.all())
    assert Membership.objects.filter(is_demo=True).count() == len(demo.DEMO_MEMBERS)


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
            assert document_sniff(file).key == "pdf"
    assert Rsvp.objects.filter(user=member).count() == 2


def test_demo_meetings_record_answers_for_active_members_only():
    ended = MembershipFactory(status=Membership.Status.ENDED)
    load()
    assert Meeting.objects.count() == 2
    assert Rsvp.objects.exists()
    assert not Rsvp.objects.exclude(user__membership__status=Membership.Status.ACTIVE).exists()
    assert not Rsvp.objects.filter(user=ended.user).exists()
