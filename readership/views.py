"""The visitor's own choice about being counted: what is counted, Global Privacy Control and
Do Not Track, and a button that sets (or removes) a cookie saying "do not count me"."""

from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

OPT_OUT = "opt-out"
COUNT = "count"
OPT_OUT_SECONDS = 365 * 24 * 3600


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _sent_from_this_site(request) -> bool:
    """A form sent from one of this site's pages, as the browser tells it: Fetch Metadata's
    Sec-Fetch-Site, else the Origin header. Anything else is refused."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    own = {_origin_of(settings.SITE_URL), f"{request.scheme}://{request.get_host()}"}
    return origin is not None and origin in own


def _page(request, *, status: int = 200, problem: str = ""):
    context = {
        "opted_out": bool(request.COOKIES.get(settings.READERSHIP_OPT_OUT_COOKIE)),
        "sends_gpc": request.headers.get("Sec-GPC") == "1",
        "sends_dnt": request.headers.get("DNT") == "1",
        "problem": problem,
        "OPT_OUT": OPT_OUT,
        "COUNT": COUNT,
    }
    return render(request, "readership/choice.html", context, status=status)


# The choice shown depends on this browser's cookie: never stored by the page cache, a browser
# or a CDN. The form needs no CSRF cookie (which would set a cookie before anyone pressed the
# button): the browser's own Sec-Fetch-Site or Origin header says where it was sent from.
@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def counting_choice(request):
    if request.method == "GET":
        return _page(request)
    if not _sent_from_this_site(request):
        return _page(
            request, status=403, problem="That came from another site. Use the buttons below."
        )
    choice = request.POST.get("choice")
    if choice not in (OPT_OUT, COUNT):
        return _page(request, status=400, problem="Choose one of the buttons below.")
    response = redirect("readership:choice")
    name = settings.READERSHIP_OPT_OUT_COOKIE
    if choice == OPT_OUT:
        # "1" and nothing else: the same for everyone who chose it.
        response.set_cookie(
            name,
            "1",
            max_age=OPT_OUT_SECONDS,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(name, samesite="Lax")
    return response
