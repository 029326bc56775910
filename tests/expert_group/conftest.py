import pytest
from django.core.files.storage import FileSystemStorage

from expert_group.models import Membership, Paper
from tests.factories import UserFactory

from .factories import MembershipFactory


@pytest.fixture(autouse=True)
def private_storage(tmp_path, monkeypatch):
    """Papers go to a temporary private folder, never the developer's var/private."""
    storage = FileSystemStorage(location=tmp_path / "private", base_url=None)
    monkeypatch.setattr(Paper._meta.get_field("file"), "storage", storage)
    return storage


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
