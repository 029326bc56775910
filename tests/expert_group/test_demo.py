import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from cja_site.models import User
from expert_group import demo
from expert_group.models import Membership

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
