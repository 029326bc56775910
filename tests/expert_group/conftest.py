import re

import pytest

from expert_group.models import Membership
from notifications.delivery import email_content
from notifications.models import Email
from tests.factories import UserFactory, staff_user

from .factories import MembershipFactory


@pytest.fixture
def invitation_link():
    """The accept link in the newest invitation email, as a path."""

    def find(email_address: str) -> str:
        emails = Email.objects.filter(key__startswith="expert-group-invitation-").order_by("-pk")
        email = next(email for email in emails if email_address in email.to)
        match = re.search(
            r"https?://[^/\s]+(/expert-group/invitations/[^/\s]+/)", email_content(email=email).text
        )
        assert match, email_content(email=email).text
        return match.group(1)

    return find


@pytest.fixture
def member(db):
    return MembershipFactory(user=UserFactory(full_name="Mina Member")).user


# What the charity's meeting organisers hold in the admin, and so on the site.
ORGANISER_PERMISSIONS = (
    "expert_group.view_meeting",
    "expert_group.change_meeting",
    "expert_group.view_rsvp",
    "expert_group.view_minutes",
)


@pytest.fixture
def staff(db):
    return staff_user(full_name="Sam Staff", is_superuser=False, permissions=ORGANISER_PERMISSIONS)


@pytest.fixture
def people(db, member, staff):
    """One of each kind of visitor the permission matrix covers (None: anonymous)."""
    ended = MembershipFactory(status=Membership.Status.ENDED).user
    invited = MembershipFactory(status=Membership.Status.INVITED).user
    return {
        "anonymous": None,
        "non_member": UserFactory(),
        "ended_member": ended,
        "invited": invited,
        "member": member,
        "staff": staff,
        # A password but no authenticator: none of its staff powers count yet.
        "staff_without_mfa": staff_user(with_totp=False),
        # MFA, but no permission in the admin for meetings, RSVPs or minutes.
        "staff_without_permissions": staff_user(is_superuser=False),
    }
