from functools import partial

from django.conf import settings

from publishing.permissions import has_staff_powers
from search.forms import MAX_QUERY_LENGTH

NAVIGATION = (
    ("Restorative CJS", "/restorative-cjs/"),
    ("Campaigns", "/campaigns/"),
    ("Publications", "/publications/"),
    ("Expert group", "/expert-group/"),
    ("Contact", "/contact/"),
)


def user_sees_admin(user) -> bool:
    """Staff powers count only once the account has an authenticator app or security key."""
    return has_staff_powers(user)


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
