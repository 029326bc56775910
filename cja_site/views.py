import logging

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from campaigns.selectors import campaigns_featured
from publications.selectors import publications_latest

from .cache import public_page
from .forms import ContactForm
from .health import health_report
from .models import ContactMessage, Page
from .outage import DATABASE_UNAVAILABLE, outage_headers
from .publishing import publishable_get_for_request, publishable_render
from .ratelimit import rate_limit_consume
from .services import ContactFormAlreadyUsed, contact_message_submit

logger = logging.getLogger(__name__)


@public_page
def home(request):
    return render(
        request,
        "home.html",
        {
            "featured_campaigns": campaigns_featured(limit=3),
            "latest_publications": publications_latest(limit=5),
        },
    )


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


@never_cache
@require_http_methods(["GET", "POST"])
def contact(request):
    if request.method == "GET":
        subject = request.GET.get("subject")
        initial = {"subject": subject} if subject in ContactMessage.Subject.values else {}
        return _contact_page(request, ContactForm(initial=initial))

    allowed = rate_limit_consume(
        request,
        action="contact",
        limit=settings.CONTACT_RATE_LIMIT,
        window=settings.CONTACT_RATE_LIMIT_WINDOW_SECONDS,
    )
    if not allowed:
        return render(request, "contact/rate_limited.html", status=429)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _contact_page(request, form, status=400)
    if form.is_spam():
        # Look like success, so that the bot learns nothing.
        logger.info("Contact form honeypot filled; message dropped")
        return redirect("contact-thank-you")
    try:
        contact_message_submit(**form.submission())
    except ContactFormAlreadyUsed:
        form.reject_as_already_sent()
        return _contact_page(request, form, status=400)
    except DATABASE_UNAVAILABLE:
        # Give the visitor their words back rather than a bare error page.
        logger.warning("Contact message not saved: database unavailable", exc_info=True)
        form.reject_as_database_unavailable()
        return outage_headers(_contact_page(request, form, status=503))
    return redirect("contact-thank-you")


def _contact_page(request, form, status=200):
    context = {"form": form, "retention_days": settings.CONTACT_RETENTION_DAYS}
    return render(request, "contact/contact.html", context, status=status)


def contact_thank_you(request):
    return render(
        request,
        "contact/thank_you.html",
        {"retention_days": settings.CONTACT_RETENTION_DAYS},
    )
