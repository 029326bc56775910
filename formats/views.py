import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sitewide.ratelimit import rate_limit_consume

from . import selectors
from .forms import FormatRequestForm
from .services import FormatRequestAlreadySent, format_request_submit

logger = logging.getLogger(__name__)


@never_cache
@require_http_methods(["GET", "POST"])
def format_request(request, slug, pk):
    document = selectors.document_for_request(slug=slug, pk=pk)
    if document is None:
        raise Http404("No such document")
    available = frozenset(a.alternative_format for a in document.alternatives.all())
    if request.method == "GET":
        return _request_page(request, document, FormatRequestForm(available=available))

    allowed = rate_limit_consume(
        request,
        action="format-request",
        limit=settings.FORMAT_REQUEST_RATE_LIMIT,
        window=settings.FORMAT_REQUEST_RATE_LIMIT_WINDOW_SECONDS,
    )
    if not allowed:
        return render(request, "formats/rate_limited.html", status=429)
    form = FormatRequestForm(request.POST, available=available)
    if not form.is_valid():
        return _request_page(request, document, form, status=400)
    if form.is_spam():
        # Look like success, so that the bot learns nothing.
        logger.info("Format request honeypot filled; request dropped")
        return redirect("formats:thank-you")
    try:
        format_request_submit(document=document, **form.submission())
    except FormatRequestAlreadySent:
        form.reject_as_already_sent()
        return _request_page(request, document, form, status=400)
    return redirect("formats:thank-you")


def _request_page(request, document, form, status=200):
    context = {
        "document": document,
        "publication": document.publication,
        "alternatives": document.alternatives.all(),
        "form": form,
        "working_days": settings.FORMAT_REQUEST_WORKING_DAYS,
        "retention_days": settings.FORMAT_REQUEST_RETENTION_DAYS,
    }
    return render(request, "formats/request.html", context, status=status)


def format_request_thank_you(request):
    context = {
        "working_days": settings.FORMAT_REQUEST_WORKING_DAYS,
        "retention_days": settings.FORMAT_REQUEST_RETENTION_DAYS,
    }
    return render(request, "formats/thank_you.html", context)
