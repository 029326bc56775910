"""Who may see the expert group's private things: staff, and members whose membership is active.

Checked on every request (not cached in the session), so ending a membership ends access at once.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Membership


def user_has_group_access(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).exists()


def member_required(view):
    """Anonymous visitors go to sign in; signed-in people without access get a 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_has_group_access(request.user):
            raise PermissionDenied("Only members of the Restorative Expert Group can see this.")
        return view(request, *args, **kwargs)

    return wrapper
