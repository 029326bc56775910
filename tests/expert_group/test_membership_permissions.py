"""Who may open the access pages: anonymous, signed-in non-member, ended member, member, staff."""

import pytest
from django.urls import reverse

from expert_group.models import Membership
from tests.factories import UserFactory

from .factories import MembershipFactory, staff_user, verified

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def as_anonymous():
    return None


def as_non_member():
    return verified(UserFactory())


def as_ended_member():
    return verified(MembershipFactory(status=Membership.Status.ENDED).user)


def as_member():
    return verified(MembershipFactory().user)


def as_staff():
    return staff_user()


PEOPLE = {
    "anonymous": as_anonymous,
    "non-member": as_non_member,
    "ended member": as_ended_member,
    "member": as_member,
    "staff": as_staff,
}

# Expected status for each page and person; 302 means "sent to sign in".
MATRIX = {
    "/expert-group/members/profile/": {
        "anonymous": 302,
        "non-member": 403,
        "ended member": 403,
        "member": 200,
        "staff": 200,
    },
    # Anyone with an account manages their own sign-in and security.
    "/accounts/sessions/": {
        "anonymous": 302,
        "non-member": 200,
        "ended member": 200,
        "member": 200,
        "staff": 200,
    },
    "/accounts/2fa/": {
        "anonymous": 302,
        "non-member": 200,
        "ended member": 200,
        "member": 200,
        "staff": 200,
    },
    "/accounts/password/change/": {
        "anonymous": 302,
        "non-member": 200,
        "ended member": 200,
        "member": 200,
        "staff": 200,
    },
    "/expert-group/": {
        "anonymous": 200,
        "non-member": 200,
        "ended member": 200,
        "member": 200,
        "staff": 200,
    },
}

CASES = [(path, who, status) for path, row in MATRIX.items() for who, status in row.items()]


@pytest.mark.parametrize(("path", "who", "expected"), CASES)
def test_permission_matrix(client, path, who, expected):
    user = PEOPLE[who]()
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(LOGIN)


def test_the_member_profile_never_shows_another_members_details(client):
    other = MembershipFactory(organisation="Secret Org")
    client.force_login(as_member())
    assert b"Secret Org" not in client.get(reverse("expert_group:profile")).content
    assert other.email.encode() not in client.get(reverse("expert_group:profile")).content
