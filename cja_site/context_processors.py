from functools import partial

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from .search import MAX_QUERY_LENGTH

NAVIGATION = (
    ("Restorative CJS", "/restorative-cjs/"),
    ("Campaigns", "/campaigns/"),
    ("Publications", "/publications/"),
    ("Expert group", "/expert-group/"),
    ("Contact", "/contact/"),
)


def user_sees_admin(user) -> bool:
    """Staff powers count only once the account has an authenticator app or security key."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_staff
        and is_mfa_enabled(user, types=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])
    )


def site(request):
    """Site-wide values every template may use: name, canonical URL, navigation."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
        "search_max_length": MAX_QUERY_LENGTH,
        "navigation": [
            {"label": label, "url": url, "current": request.path.startswith(url)}
            for label, url in NAVIGATION
        ],
        # A callable, so only a page that shows the signed-in header asks (anonymous pages,
        # which are cached, never do).
        "header_shows_admin": partial(user_sees_admin, getattr(request, "user", None)),
    }
