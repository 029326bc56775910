from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

# Not "cache": Chrome holds the response until its whole HTTP cache for the site is cleared,
# which takes seconds (crbug.com/40233601) — the one thing this page must not do is linger.
CLEAR_SITE_DATA = '"cookies", "storage"'


@require_safe
def exit_page(request):
    """Leave for a neutral site at once, ending the session and dropping what was typed.

    A plain link (GET) so that it works without JavaScript; signing someone out is all a
    forged link could do, and it would take them off the site as well.
    """
    # logout() flushes the session (signed in or not); the session middleware then deletes its
    # cookie. The other cookies go too, for browsers that ignore Clear-Site-Data.
    logout(request)
    response = HttpResponseRedirect(settings.EXIT_PAGE_URL)
    if settings.CSRF_COOKIE_NAME in request.COOKIES:
        response.delete_cookie(
            settings.CSRF_COOKIE_NAME,
            path=settings.CSRF_COOKIE_PATH,
            domain=settings.CSRF_COOKIE_DOMAIN,
            samesite=settings.CSRF_COOKIE_SAMESITE,
        )
    if "messages" in request.COOKIES:
        response.delete_cookie(
            "messages",
            domain=settings.SESSION_COOKIE_DOMAIN,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    # A redirect's own referrer policy governs the next request: the neutral site is not told
    # where the visitor came from.
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response
