from django.db.models import QuerySet

from .models import Membership


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
