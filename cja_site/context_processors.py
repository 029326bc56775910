from functools import partial

from django.conf import settings

from search.forms import MAX_QUERY_LENGTH
from sitewide.reversing import cached_reverse
from sitewide.site_url import absolute_url
from sitewide.staff import has_staff_powers

# (label, URL name, URL arguments)
NAVIGATION = (
    ("Restorative CJS", "page", ["restorative-cjs"]),
    ("Campaigns", "campaigns:list", []),
    ("Publications", "publications:list", []),
    ("Find restorative justice", "directory:home", []),
    ("Expert group", "expert_group:group", []),
    ("Contact", "contact:form", []),
)


def user_sees_admin(user) -> bool:
    """Staff powers count only once the account has an authenticator app or security key."""
    return has_staff_powers(user)


def _navigation(path: str) -> list[dict]:
    links = [(label, cached_reverse(name, args)) for label, name, args in NAVIGATION]
    return [{"label": label, "url": url, "current": path.startswith(url)} for label, url in links]


def site(request):
    """Site-wide values every template may use: name, canonical URL, navigation."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "canonical_url": absolute_url(request.path),
        "search_max_length": MAX_QUERY_LENGTH,
        "navigation": _navigation(request.path),
        # A callable, so only a page that shows the signed-in header asks (anonymous pages,
        # which are cached, never do).
        "header_shows_admin": partial(user_sees_admin, getattr(request, "user", None)),
    }
