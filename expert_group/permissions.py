"""Who may see the expert group's private things: members whose membership is active, and staff
whose staff powers count (a second factor) and who may view meetings, as in the admin.

Checked on every request (not cached in the session), so ending a membership ends access at once.
A staff account without MFA that is also an active member keeps a member's access, nothing more.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from sitewide.staff import StaffMFARequired, staff_can, staff_needs_mfa

from .models import Membership

# The permission that lets staff into the members' area, as the admin's meetings list needs.
STAFF_GROUP_PERMISSION = "expert_group.view_meeting"


def user_has_group_access(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if staff_can(user, STAFF_GROUP_PERMISSION):
        return True
    return Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).exists()


def user_has_group_access_once(user) -> bool:
    """The access rule, asked once per user object (one request) however many checks run."""
    cached = getattr(user, "_expert_group_access", None)
    if cached is None and getattr(user, "is_active_member", False) and user.is_active:
        # Read with the account at the start of this request (cja_site.auth_backends).
        cached = True
    if cached is None:
        cached = user_has_group_access(user)
        if user.is_authenticated:
            user._expert_group_access = cached
    return cached


def member_required(view):
    """Anonymous visitors go to sign in; staff without MFA go to set it up; other signed-in
    people without access get a 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_has_group_access_once(request.user):
            if staff_needs_mfa(request.user):
                raise StaffMFARequired
            raise PermissionDenied("Only members of the Restorative Expert Group can see this.")
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(permission: str):
    """For staff with MFA who hold `permission`: sign in first, set up MFA, then 403 for the rest."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if staff_needs_mfa(request.user):
                raise StaffMFARequired
            if not staff_can(request.user, permission):
                raise PermissionDenied("Only staff with permission can see this.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
