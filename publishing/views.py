"""Public detail pages and staff previews of drafts, for every publishable model."""

from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

from sitewide.staff import staff_may_preview


def publishable_get_for_request(request, *, queryset: models.QuerySet, **lookup):
    """The item a visitor asked for: public, or a preview of a draft for staff with MFA who may
    view this kind of item in the admin.

    Raises Http404 for anyone else, so a draft's URL gives nothing away; staff without MFA are
    sent to set it up (StaffMFARequired).
    """
    item = queryset.filter(**lookup).first()
    if item is None:
        raise Http404("Not found")
    if not item.is_public and not staff_may_preview(request.user, queryset.model):
        raise Http404("Not found")
    return item


def publishable_render(request, template: str, context: dict, *, item):
    """Render a detail page; a preview carries a banner and is never indexed or cached."""
    preview = not item.is_public
    response = render(request, template, {**context, "preview": preview})
    if preview:
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response
