from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from campaigns.selectors import campaigns_featured
from publications.selectors import publications_latest
from publishing.cache import public_content_cached, public_page
from publishing.json_ld import home_json_ld
from publishing.views import publishable_get_for_request, publishable_render

from .health import health_report
from .models import Page


@public_page
def home(request):
    return render(request, "home.html", public_content_cached("home-lists", _home_lists))


def _home_lists() -> dict:
    return {
        "featured_campaigns": campaigns_featured(limit=3),
        "latest_publications": publications_latest(limit=5),
        "home_json_ld": home_json_ld(),
    }


@public_page
def page_detail(request, slug):
    page = publishable_get_for_request(request, queryset=Page.objects.all(), slug=slug)
    context = {"page": page, "show_exit_button": page.show_exit_button}
    return publishable_render(request, "pages/page_detail.html", context, item=page)


def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; send them to the real icon.
    return redirect(static("img/favicon.svg"), permanent=True)


@never_cache
def healthz(request):
    healthy, report = health_report()
    return JsonResponse(
        {"status": "ok" if healthy else "down", **report}, status=200 if healthy else 503
    )
