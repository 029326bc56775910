"""An ended member loses access at once: access is checked per request, and sessions end."""

import pytest
from django.test import Client
from django.urls import reverse

from expert_group.models import Membership
from expert_group.permissions import user_has_group_access
from expert_group.services.membership import membership_end
from signins.models import SignIn

from .factories import PASSWORD, MembershipFactory, staff_user, verified

pytestmark = pytest.mark.django_db


def test_ending_a_membership_locks_out_a_signed_in_member_at_once(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    assert client.get(reverse("expert_group:profile")).status_code == 200
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.ENDED)
    assert client.get(reverse("expert_group:profile")).status_code == 403
    assert not user_has_group_access(membership.user)


def test_ending_a_membership_ends_every_session_of_the_member(client):
    membership = MembershipFactory()
    verified(membership.user)
    laptop, phone = client, Client()
    for browser in (laptop, phone):
        response = browser.post(
            reverse("account_login"), {"login": membership.email, "password": PASSWORD}
        )
        assert response.status_code == 302
        assert browser.get(reverse("expert_group:profile")).status_code == 200
    assert SignIn.objects.filter(user=membership.user).count() == 2

    assert membership_end(membership=membership) == 2

    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED
    assert membership.ended_at is not None
    for browser in (laptop, phone):
        response = browser.get(reverse("expert_group:profile"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_staff_end_a_membership_from_the_admin(client):
    membership = MembershipFactory()
    member_browser = Client()
    member_browser.force_login(membership.user)
    member_browser.get(reverse("expert_group:profile"))
    client.force_login(staff_user())
    response = client.post(
        reverse("admin:expert_group_membership_changelist"),
        {"action": "end_membership", "_selected_action": [membership.pk]},
        follow=True,
    )
    assert b"Memberships ended: 1" in response.content
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED
    assert member_browser.get(reverse("expert_group:profile")).status_code == 302


def test_members_see_their_sessions_and_end_the_others(client):
    membership = MembershipFactory()
    verified(membership.user)
    other = Client(HTTP_USER_AGENT="Other browser")
    for browser in (client, other):
        browser.post(reverse("account_login"), {"login": membership.email, "password": PASSWORD})
    page = client.get(reverse("signins:list"))
    assert b"Other browser" in page.content
    response = client.post(reverse("signins:list"))
    assert response.status_code == 302
    assert client.get(reverse("expert_group:profile")).status_code == 200
    assert other.get(reverse("expert_group:profile")).status_code == 302
