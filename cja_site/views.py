from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .health import health_report
from .selectors import page_get_public


def home(request):
    return render(
        request,
        "home.html",
        {"featured_campaigns": [], "latest_publications": []},
    )


def page_detail(request, slug):
    page = page_get_public(slug=slug)
    if page is None:
        raise Http404("No such page")
    return render(request, "pages/page_detail.html", {"page": page})


@never_cache
def healthz(request):
    healthy, report = health_report()
    return JsonResponse(
        {"status": "ok" if healthy else "down", **report}, status=200 if healthy else 503
    )
