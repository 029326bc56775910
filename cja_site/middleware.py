"""Site-wide middleware: moved items' redirects, and MFA for staff in the admin.

Staff must have multi-factor authentication before they may use the admin. allauth has no
setting for this. Signing in to the admin already goes through allauth (its login view wraps the
admin's), so a staff member with an authenticator has passed it at sign-in; one without is sent
to set one up first.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.urls import reverse

from .selectors import redirect_target

SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


class RedirectFallbackMiddleware:
    """On a 404, send the visitor on if the address belonged to an item that has moved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        if "\x00" in request.path:
            # PostgreSQL text cannot hold NUL, and no stored address contains one.
            return response
        new_path = redirect_target(path=request.path)
        if new_path is None:
            return response
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{new_path}?{query}" if query else new_path)


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and not is_mfa_enabled(user, types=SECOND_FACTORS)
        ):
            messages.warning(
                request,
                "Staff need two-factor authentication to use the admin. "
                "Set up an authenticator app to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
