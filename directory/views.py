"""The directory's pages. Every one shows "Exit this page" (`show_exit_button`).

A postcode arrives only in a POST body: it is resolved to an area and dropped, so it never
reaches an address, the browser's history, a log line or the database.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from publishing.cache import public_content_cached, public_page
from publishing.views import publishable_get_for_request, publishable_render

from . import selectors
from .forms import PostcodeForm, ServiceFilterForm
from .services import CheckLinkInvalid, service_check_confirm, service_check_from_token

ELSEWHERE_PAGES = {
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
    "channel-islands-and-isle-of-man": "the Channel Islands and the Isle of Man",
    "postcode-no-longer-used": "a postcode no longer in use",
}
FILTER_PARAMS = ("who", "age", "offence", "stage")


def _render(request, template: str, context: dict, status: int = 200):
    return render(request, template, {"show_exit_button": True, **context}, status=status)


def _private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def _areas_by_country() -> dict[str, list]:
    areas = public_content_cached("directory-police-force-areas", selectors.police_force_areas)
    return {
        "England": [area for area in areas if area.country == "England"],
        "Wales": [area for area in areas if area.country == "Wales"],
    }


@public_page
def home(request):
    return _directory_home(request, PostcodeForm())


def _directory_home(request, form, status=200):
    context = {"form": form, "areas_by_country": _areas_by_country()}
    return _render(request, "directory/home.html", context, status=status)


# No CSRF token: this form changes nothing, and without a token the home page can be cached.
@csrf_exempt
@require_POST
@sensitive_post_parameters("postcode")  # an error report (e.g. emailed to admins) hides it
def find(request):
    form = PostcodeForm(request.POST)
    if not form.is_valid():
        return _private(_directory_home(request, form, status=400))
    result = selectors.postcode_resolve(postcode=form.cleaned_data["postcode"])
    if result.area_code:
        target = reverse("directory:area", kwargs={"gss_code": result.area_code})
    elif result.elsewhere:
        target = reverse("directory:elsewhere", kwargs={"slug": result.elsewhere})
    else:
        target = reverse("directory:choose") + "?not-found=1"
    response = HttpResponseRedirect(target)
    response.status_code = 303  # See Other: the browser follows it with a GET
    return _private(response)


@public_page(params=("not-found",))
def choose(request):
    context = {"areas_by_country": _areas_by_country(), "not_found": "not-found" in request.GET}
    return _render(request, "directory/choose.html", context)


@public_page(params=FILTER_PARAMS)
def area(request, gss_code):
    found = selectors.area_get(gss_code=gss_code)
    if found is None:
        raise Http404("No such area")
    form = ServiceFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = {"area": found, "form": form, "services": None}
        return _render(request, "directory/area.html", context, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    context = {
        "area": found,
        "form": form,
        "services": selectors.area_services(area=found, filters=filters),
        "filtered": any(filters.values()),
        "report_query": urlencode({"subject": "restorative-justice"}),
    }
    return _render(request, "directory/area.html", context)


@public_page
def lottery_map(request):
    tiles = public_content_cached("directory-postcode-lottery", selectors.postcode_lottery)
    context = {"tiles": tiles, "map": _map_geometry(tiles)}
    return _render(request, "directory/map.html", context)


TILE = 64
GAP = 4


def _map_geometry(tiles) -> dict:
    columns = max(tile.column for tile in tiles) + 1
    rows = max(tile.row for tile in tiles) + 1
    placed = [
        {
            "tile": tile,
            "x": tile.column * (TILE + GAP),
            "y": tile.row * (TILE + GAP),
            "band": _band(tile.count),
        }
        for tile in tiles
    ]
    min_x = min(item["x"] for item in placed)
    for item in placed:
        item["x"] -= min_x
    width = (columns * (TILE + GAP)) - min_x
    return {"tiles": placed, "width": width, "height": rows * (TILE + GAP), "size": TILE}


def _band(count: int) -> int:
    return min(count, 3)


@public_page
def elsewhere(request, slug):
    if slug not in ELSEWHERE_PAGES:
        raise Http404("No such page")
    context = {"slug": slug, "place": ELSEWHERE_PAGES[slug]}
    return _render(request, "directory/elsewhere.html", context)


@public_page
def service_detail(request, slug):
    service = publishable_get_for_request(
        request, queryset=selectors.service_detail_queryset(), slug=slug
    )
    selectors.services_mark_stale([service])
    context = {"service": service, "show_exit_button": True}
    return publishable_render(request, "directory/service_detail.html", context, item=service)


@require_http_methods(["GET", "POST"])
def check(request, token):
    """The one-click "still correct" link: a GET only shows the question (so that a mail
    scanner or a link prefetcher confirms nothing); the button POSTs."""
    try:
        service = service_check_from_token(token=token)
    except CheckLinkInvalid:
        return _private(_render(request, "directory/check_invalid.html", {}, status=404))
    if request.method == "POST":
        service_check_confirm(service=service)
        return _private(_render(request, "directory/check_done.html", {"service": service}))
    return _private(_render(request, "directory/check.html", {"service": service}))
