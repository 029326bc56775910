"""The project's middleware: no caching of private answers, and session activity recorded
sparingly. (Staff MFA: sitewide.staff.StaffMFAMiddleware.)"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware import csp
from django.utils.csp import CSP, build_policy
from django.utils.functional import LazyObject, empty

from publishing.cache import public_answer_cache_control
from signins.services import sign_in_record

# Directives that would let a shared or browser cache keep a copy.
_CACHEABLE = ("public", "max-age", "s-maxage", "stale-while-revalidate", "stale-if-error",
              "immutable")  # fmt: skip


class PrivateNoStoreMiddleware:
    """Every answer to a signed-in person, and every answer marked private, is `private, no-store`.

    Place it just after AuthenticationMiddleware so it sees the final response of every view,
    403 and 404 pages included. The anonymous page cache is untouched: a visitor without a
    session cookie is known to be anonymous without loading anything.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        if _is_signed_in(request) or "private" in cache_control.lower():
            response["Cache-Control"] = _private_no_store(cache_control)
        return response


def _is_signed_in(request) -> bool:
    user = getattr(request, "user", None)
    if user is None:
        return False
    never_loaded = isinstance(user, LazyObject) and user._wrapped is empty
    if never_loaded and settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # No session to look in: anonymous, known without a query.
        return False
    return user.is_authenticated


def _private_no_store(cache_control: str) -> str:
    kept = []
    for directive in cache_control.split(","):
        name = directive.split("=", 1)[0].strip().lower()
        if name and name not in _CACHEABLE and name not in ("private", "no-store"):
            kept.append(directive.strip())
    return ", ".join(["private", "no-store", *kept])


class CacheControlMiddleware:
    """Every anonymous answer says how long a browser or CDN may keep it (a missing header lets
    a CDN pick its own, often hours: an unpublished item would linger).

    Place it just after PublicPageCacheMiddleware: it sees every answer the rest of the stack
    makes, and leaves alone those that set Cache-Control themselves (public pages, private
    answers, and every answer to a signed-in person, made private below it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            public_answer_cache_control(request, response)
        return response


class UserSessionActivityMiddleware:
    """The record of each session's last activity, address and browser ("Where you are signed
    in"), brought up to date at most once a minute per session rather than on every request.
    A new address or browser is still recorded at once.

    Remembered per process, so each gunicorn worker records a busy session once a minute.
    """

    SECONDS = 60
    MAX_REMEMBERED = 10_000

    def __init__(self, get_response):
        self.get_response = get_response
        self.recorded: dict[str, float] = {}

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.session_key
            and request.user.is_authenticated
            and self._due(request, session)
        ):
            sign_in_record(request=request, user=request.user)
        return self.get_response(request)

    def _due(self, request, session) -> bool:
        client = (
            session.session_key,
            request.META.get("REMOTE_ADDR", ""),
            request.META.get("HTTP_X_FORWARDED_FOR", ""),
            request.META.get("HTTP_USER_AGENT", ""),
        )
        fingerprint = hashlib.sha256("\n".join(client).encode()).hexdigest()
        now = time.monotonic()
        last = self.recorded.get(fingerprint)
        if last is not None and now - last < self.SECONDS:
            return False
        if len(self.recorded) >= self.MAX_REMEMBERED:
            self.recorded.clear()
        self.recorded[fingerprint] = now
        return True


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's, except that an answer whose page used no nonce (every page the page cache
    serves) gets policies built once, not for every answer."""

    def process_response(self, request, response):
        uses_own_policy = hasattr(response, "_csp_config") or hasattr(response, "_csp_ro_config")
        if csp.get_nonce(request) or uses_own_policy:
            return super().process_response(request, response)
        for header, policy in _policies_without_nonce():
            if header not in response:
                response.headers[header] = policy
        return response


@functools.cache
def _policies_without_nonce() -> tuple[tuple[str, str], ...]:
    configs = [
        (CSP.HEADER_ENFORCE, settings.SECURE_CSP),
        (CSP.HEADER_REPORT_ONLY, settings.SECURE_CSP_REPORT_ONLY),
    ]
    return tuple((str(header), build_policy(config)) for header, config in configs if config)


@receiver(setting_changed)
def _forget_policies(*, setting, **kwargs):
    if setting in ("SECURE_CSP", "SECURE_CSP_REPORT_ONLY"):
        _policies_without_nonce.cache_clear()
