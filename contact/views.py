import logging

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from directory.selectors import service_public_title
from sitewide.outage import DATABASE_UNAVAILABLE, outage_headers
from sitewide.ratelimit import rate_limit_consume

from .forms import ContactForm
from .models import ContactMessage
from .services import ContactFormAlreadyUsed, contact_message_submit

logger = logging.getLogger(__name__)


@never_cache
@require_http_methods(["GET", "POST"])
def contact(request):
    if request.method == "GET":
        subject = request.GET.get("subject")
        initial = {"subject": subject} if subject in ContactMessage.Subject.values else {}
        # "Something here is wrong?" on a directory entry names the service in the message.
        service = service_public_title(slug=request.GET.get("service", ""))
        if service:
            initial["message"] = f"About the directory entry for {service}: "
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
        return redirect("contact:thank-you")
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
    return redirect("contact:thank-you")


def _contact_page(request, form, status=200):
    context = {"form": form, "retention_days": settings.CONTACT_RETENTION_DAYS}
    return render(request, "contact/contact.html", context, status=status)


def contact_thank_you(request):
    return render(
        request,
        "contact/thank_you.html",
        {"retention_days": settings.CONTACT_RETENTION_DAYS},
    )
