"""Membership reads: the public list of members, a person's own membership, who gets which email."""

from django.db.models import QuerySet

from ..models import Membership


def members_listed_publicly() -> QuerySet[Membership]:
    """Active members who chose to appear on the public page, chair first."""
    return (
        Membership.objects.filter(status=Membership.Status.ACTIVE, listed_publicly=True)
        .exclude(user=None)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def membership_for_user(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user).first()


def photo_is_public(membership: Membership) -> bool:
    return bool(
        membership.photo
        and membership.status == Membership.Status.ACTIVE
        and membership.listed_publicly
    )


def members_to_notify(*, preference: str) -> QuerySet[Membership]:
    """Active members with a user account who want this kind of email. Never invited or ended."""
    return (
        Membership.objects.filter(
            status=Membership.Status.ACTIVE, user__isnull=False, user__is_active=True
        )
        .filter(**{preference: True})
        .select_related("user")
        .order_by("pk")
    )
