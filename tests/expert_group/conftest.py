import pytest

from expert_group.models import Membership
from tests.factories import UserFactory

from .factories import MembershipFactory


@pytest.fixture
def member(db):
    return MembershipFactory(user=UserFactory(full_name="Mina Member")).user


@pytest.fixture
def staff(db):
    return UserFactory(full_name="Sam Staff", is_staff=True)


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
    }
