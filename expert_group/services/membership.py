"""Membership writes: invite, resend, revoke, accept, a member's own profile, end.

An invitation's token is random and shown only once, in the email; the database keeps its
SHA-256, so a leaked database cannot be turned into working links.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications import crypto
from notifications.services import email_queue
from signins.services import user_sessions_end
from sitewide.site_url import absolute_url

from ..models import Invitation, Membership


class InvitationError(Exception):
    """A link that cannot be used; `reason` says why in words a visitor understands."""

    def __init__(self, reason: str, *, status: int):
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return absolute_url(reverse("expert_group:invitation-accept", args=[token]))


def _issue(*, membership: Membership, invited_by) -> IssuedInvitation:
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        membership=membership,
        token_hash=token_hash(token),
        invited_by=invited_by,
        sent_at=now,
        expires_at=now + timedelta(days=settings.EXPERT_GROUP_INVITATION_DAYS),
    )
    email_queue(
        key=f"expert-group-invitation-{invitation.pk}",
        to=[membership.email],
        template="expert_group_invitation",
        context={
            "url": invitation_url(token),
            "expires_at": invitation.expires_at,
            "role": membership.get_role_display(),
            "invited_by": str(invited_by) if invited_by else "",
        },
        carries_secret=True,
    )
    return IssuedInvitation(invitation=invitation, token=token)


def _revoke_open(*, membership: Membership) -> int:
    return membership.invitations.filter(accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def membership_invite(
    *, email: str, role: str = Membership.Role.MEMBER, invited_by=None
) -> IssuedInvitation:
    """Create (or reopen) an invited membership for `email` and email the link."""
    email = email.strip().lower()
    membership = Membership.objects.filter(email__iexact=email).first()
    if membership is None:
        membership = Membership.objects.create(email=email, role=role)
    elif membership.status == Membership.Status.ACTIVE:
        raise InvitationError(f"{email} is already an active member.", status=409)
    else:
        membership.status = Membership.Status.INVITED
        membership.role = role
        membership.ended_at = None
        membership.save(update_fields=["status", "role", "ended_at"])
    _revoke_open(membership=membership)
    return _issue(membership=membership, invited_by=invited_by)


@transaction.atomic
def invitation_resend(*, membership: Membership, invited_by=None) -> IssuedInvitation:
    """A fresh link; every earlier link for this membership stops working."""
    if membership.status != Membership.Status.INVITED:
        raise InvitationError("Only people still invited can be sent a new link.", status=409)
    _revoke_open(membership=membership)
    return _issue(membership=membership, invited_by=invited_by)


@transaction.atomic
def invitation_revoke(*, membership: Membership) -> int:
    return _revoke_open(membership=membership)


def invitation_check(
    *, token: str | None = None, invitation_id: int | None = None, for_update: bool = False
) -> Invitation:
    """The usable invitation behind `token` (the emailed link) or `invitation_id` (once the
    link was opened), or InvitationError with a reason and status."""
    invitations = Invitation.objects.select_related("membership")
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    if token is not None:
        invitations = invitations.filter(token_hash=token_hash(token))
    else:
        invitations = invitations.filter(pk=invitation_id)
    invitation = invitations.first() if token is not None or invitation_id else None
    if invitation is None:
        raise InvitationError("This invitation link is not valid.", status=404)
    if invitation.accepted_at is not None:
        raise InvitationError("This invitation has already been used.", status=410)
    if invitation.revoked_at is not None:
        raise InvitationError("This invitation has been withdrawn.", status=410)
    if invitation.expires_at <= timezone.now():
        raise InvitationError("This invitation has expired.", status=410)
    if invitation.membership.status != Membership.Status.INVITED:
        raise InvitationError("This invitation is no longer open.", status=410)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation_id: int, full_name: str, password: str):
    """Create (or, for a returning member, reopen) the account behind a usable invitation
    (one whose link this browser opened).

    The link then stops working. Its email reached the address, so the address is verified.
    """
    invitation = invitation_check(invitation_id=invitation_id, for_update=True)
    membership = invitation.membership
    User = get_user_model()
    user = membership.user or User.objects.filter(email__iexact=membership.email).first()
    if user is not None and (user.is_staff or not user.is_active):
        # An invitation must never become a way to take over a staff or disabled account.
        raise InvitationError(
            "An account with this email address already exists: sign in instead.", status=409
        )
    if user is None:
        user = User.objects.create_user(
            email=membership.email, password=password, full_name=full_name.strip()
        )
    else:
        user.full_name = full_name.strip()
        user.set_password(password)
        user.save(update_fields=["full_name", "password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    now = timezone.now()
    membership.user = user
    membership.status = Membership.Status.ACTIVE
    membership.joined_at = now
    membership.ended_at = None
    membership.save(update_fields=["user", "status", "joined_at", "ended_at"])
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    return user


# What a member may change about their own membership (never their role, status or email).
PROFILE_FIELDS = (
    "organisation",
    "job_title",
    "bio",
    "photo_alt",
    "listed_publicly",
    "email_meeting_notices",
    "email_reminders",
    "email_papers",
)


@transaction.atomic
def membership_profile_update(
    *,
    membership: Membership,
    full_name: str,
    new_photo: File | None = None,
    remove_photo: bool = False,
    **details,
) -> Membership:
    """Save a member's own profile: their name on the account, and the PROFILE_FIELDS in `details`.

    `new_photo` (already checked and re-encoded) replaces the photo; `remove_photo` without one
    removes it and its alt text. A replaced or removed photo's file is deleted: members expect
    it gone when they change it.
    """
    unknown = set(details) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not part of a member's profile: {', '.join(sorted(unknown))}")
    # From the database: a form may already have put the new photo on this instance.
    old_photo = Membership.objects.filter(pk=membership.pk).values_list("photo", flat=True).get()
    user = membership.user
    user.full_name = full_name.strip()
    user.save(update_fields=["full_name"])
    for name, value in details.items():
        setattr(membership, name, value)
    if new_photo:
        membership.photo = new_photo
    elif remove_photo:
        membership.photo = ""
        membership.photo_alt = ""
    membership.save()
    if old_photo and old_photo != membership.photo.name:
        membership.photo.storage.delete(old_photo)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership) -> int:
    """End a membership and every session of its user at once. Returns sessions ended."""
    membership.status = Membership.Status.ENDED
    membership.ended_at = timezone.now()
    membership.save(update_fields=["status", "ended_at"])
    _revoke_open(membership=membership)
    if membership.user_id is None:
        return 0
    return user_sessions_end(user=membership.user)


def authenticators_reencrypt() -> int:
    """Re-encrypt TOTP secrets and recovery-code seeds with the newest key in ENCRYPTION_KEYS,
    so older keys can then be dropped. Returns how many authenticators changed."""
    count = 0
    kinds = [Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    for authenticator in Authenticator.objects.filter(type__in=kinds).iterator():
        data = dict(authenticator.data)
        for name in ("secret", "seed"):
            if isinstance(data.get(name), str):
                data[name] = crypto.reencrypt(data[name])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [crypto.reencrypt(code) for code in data["migrated_codes"]]
        Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
        count += 1
    return count
