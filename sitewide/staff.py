"""Staff powers: what an account may do on the site because it is staff.

A staff account's powers count only once it has a second factor (an authenticator app or a
security key), everywhere and not just in the admin: a password alone never opens draft minutes,
the attendance list, draft previews or the members' area. And a staff-only view on the site asks
for the same model permission the admin would (superusers have them all).

allauth has no setting for this. Signing in goes through allauth (its login view wraps the
admin's), so a staff member with an authenticator has passed it at sign-in; one without is sent
to set one up first (StaffMFAMiddleware): at the admin's door, and wherever a staff-only view
refuses them.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]

MFA_REQUIRED_MESSAGE = (
    "Staff accounts need two-factor authentication before they can use staff features. "
    "Set up an authenticator app or a security key to continue."
)


class StaffMFARequired(PermissionDenied):
    """A staff account without a second factor asked for something only staff may see.

    Pages send it to set one up (StaffMFAMiddleware); the API answers 403 with this message.
    """

    def __init__(self, message: str = MFA_REQUIRED_MESSAGE):
        super().__init__(message)


def _has_second_factor(user) -> bool:
    # Asked once per user object (one request), however many checks run.
    cached = getattr(user, "_cja_has_second_factor", None)
    if cached is None:
        cached = is_mfa_enabled(user, types=SECOND_FACTORS)
        user._cja_has_second_factor = cached
    return cached


def _is_active_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def staff_needs_mfa(user) -> bool:
    """An active staff account that has no authenticator or security key yet."""
    return _is_active_staff(user) and not _has_second_factor(user)


def has_staff_powers(user) -> bool:
    return _is_active_staff(user) and _has_second_factor(user)


def staff_can(user, permission: str) -> bool:
    """Staff with MFA who hold `permission` ("app_label.codename"), as the admin would check."""
    return has_staff_powers(user) and user.has_perm(permission)


def staff_may_preview(user, model) -> bool:
    """May this person see drafts of `model` at their real address (the admin's view permission)?

    Raises StaffMFARequired for staff without a second factor, so they are sent to set one up.
    """
    if staff_needs_mfa(user):
        raise StaffMFARequired
    return staff_can(user, f"{model._meta.app_label}.view_{model._meta.model_name}")


def mfa_setup_redirect(request, message: str = MFA_REQUIRED_MESSAGE):
    messages.warning(request, message)
    return redirect("mfa_activate_totp")


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.path.startswith(reverse("admin:index")) and staff_needs_mfa(user):
            return mfa_setup_redirect(
                request,
                "Staff need two-factor authentication to use the admin. "
                "Set up an authenticator app or a security key to continue.",
            )
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StaffMFARequired):
            return mfa_setup_redirect(request, str(exception))
        return None
