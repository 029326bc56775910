"""A member's own profile is saved by a service: the form only checks it."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from expert_group.models import Membership
from expert_group.services.membership import PROFILE_FIELDS, membership_profile_update

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "organisation": "Mediation North",
    "job_title": "Director",
    "bio": "Restorative practitioner.",
    "photo_alt": "Ada smiling",
    "listed_publicly": True,
    "email_meeting_notices": True,
    "email_reminders": False,
    "email_papers": True,
}


def photo(name="me.png") -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 90)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


@pytest.fixture
def membership():
    return MembershipFactory(user=UserFactory(full_name="Ada"))


def test_the_profile_update_saves_the_name_and_the_details(membership):
    membership_profile_update(membership=membership, full_name="  Ada Mensah ", **DETAILS)
    membership.refresh_from_db()
    assert membership.user.full_name == "Ada Mensah"
    assert {name: getattr(membership, name) for name in PROFILE_FIELDS} == DETAILS


def test_the_profile_update_never_touches_role_status_or_email(membership):
    with pytest.raises(TypeError):
        membership_profile_update(
            membership=membership, full_name="Ada", role=Membership.Role.CHAIR, **DETAILS
        )
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER


def test_a_replaced_photo_is_deleted_and_a_removed_one_takes_its_alt_text(membership):
    membership_profile_update(membership=membership, full_name="Ada", new_photo=photo(), **DETAILS)
    first = Membership.objects.get(pk=membership.pk).photo
    storage = first.storage
    assert storage.exists(first.name)

    membership_profile_update(membership=membership, full_name="Ada", new_photo=photo(), **DETAILS)
    second = Membership.objects.get(pk=membership.pk).photo
    assert second.name != first.name
    assert storage.exists(second.name) and not storage.exists(first.name)

    membership_profile_update(membership=membership, full_name="Ada", remove_photo=True, **DETAILS)
    membership.refresh_from_db()
    assert not membership.photo and membership.photo_alt == ""
    assert not storage.exists(second.name)


def test_keeping_the_photo_keeps_its_file(membership):
    membership_profile_update(membership=membership, full_name="Ada", new_photo=photo(), **DETAILS)
    kept = Membership.objects.get(pk=membership.pk).photo.name
    membership_profile_update(membership=membership, full_name="Ada", **DETAILS)
    membership.refresh_from_db()
    assert membership.photo.name == kept and membership.photo.storage.exists(kept)
