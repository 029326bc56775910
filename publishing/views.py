"""Public detail pages, staff previews of drafts and review links, for every publishable model."""

import copy

from django.conf import settings
from django.db import models
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.csp import CSP
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from sitewide.staff import staff_can, staff_may_preview

from .models import ReviewLink, publishable_models
from .review_links import review_link_find, review_link_item, review_link_view_record
from .revisions import (
    RevisionInvalid,
    drafted_row_naming,
    is_drafted_file,
    revision_apply,
    revisions_of,
    working_copy_of,
)


def publishable_get_for_request(request, *, queryset: models.QuerySet, **lookup):
    """The item a visitor asked for: public, shown through a review link, or a preview of a
    draft for staff with MFA who may view this kind of item in the admin.

    Raises Http404 for anyone else, so a draft's URL gives nothing away; staff without MFA are
    sent to set it up (StaffMFARequired).
    """
    item = queryset.filter(**lookup).first()
    if item is None:
        raise Http404("Not found")
    if _reviewed(request, item):
        return _as_drafted(item)
    asked_for = request.GET.get("revision")
    if asked_for is not None and staff_may_preview(request.user, queryset.model):
        return _as_drafted(item, revision_id=asked_for)
    if not item.is_public and not staff_may_preview(request.user, queryset.model):
        raise Http404("Not found")
    return item


def _as_drafted(item, *, revision_id: str | None = None):
    """The item as one of its revisions has it (by default its draft changes, if any), in
    memory only: what staff preview and reviewers read before it is published."""
    if revision_id is not None:
        if not revision_id.isascii() or not revision_id.isdigit():
            raise Http404("No such revision")
        revision = revisions_of(item).filter(pk=int(revision_id)).first()
        if revision is None:
            raise Http404("No such revision")
    else:
        working_copy = working_copy_of(item)
        revision = working_copy.revision if working_copy is not None else None
    if revision is None:
        return item
    try:
        applied = revision_apply(item=item, data=revision.data)
    except RevisionInvalid:
        return item  # shown as it is; the admin says what to fix
    drafted = applied.item
    drafted_files_link(drafted, applied.rows)
    for name, rows in applied.rows.items():
        _shown_as_related(drafted, name, rows)
    for name, pks in applied.m2m.items():
        _shown_as_linked(drafted, name, pks)
    drafted.previewed_revision = revision
    return drafted


def drafted_files_link(item, rows: dict[str, list[models.Model]]) -> None:
    """Each drafted row whose file a draft added links to it (`drafted_file_url`)."""
    kind = item._meta.label_lower
    for row in (row for shown in rows.values() for row in shown):
        for f in row._meta.concrete_fields:
            stored = getattr(row, f.name) if isinstance(f, models.FileField) else None
            if is_drafted_file(stored):
                row.drafted_file_url = reverse(
                    "publishing:drafted_file",
                    kwargs={"kind": kind, "pk": item.pk, "name": stored.name},
                )


@require_GET
def drafted_file(request, kind: str, pk: int, name: str):
    """A file a draft of a live item added, for staff who may preview the item: anyone else,
    or an address no revision of the item names, is told nothing exists."""
    model = next((m for m in publishable_models() if m._meta.label_lower == kind), None)
    if model is None or not staff_may_preview(request.user, model):
        raise Http404("Not found")
    item = model._default_manager.filter(pk=pk).first()
    row = drafted_row_naming(item, name) if item is not None else None
    if row is None or not hasattr(row, "download_response"):
        raise Http404("Not found")
    response = row.download_response(private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _shown_as_related(item, name: str, rows: list) -> None:
    """`item.<name>.all()` gives the drafted rows (as a prefetch would), not the live ones."""
    shown = type(item)._meta.get_field(name).related_model._default_manager.none()
    shown._result_cache = rows
    shown._prefetch_done = True
    item._prefetched_objects_cache = {**getattr(item, "_prefetched_objects_cache", {}), name: shown}


def _shown_as_linked(item, name: str, pks: list[int]) -> None:
    """`item.<name>.all()` gives the drafted links (topics, related items), not the live ones;
    a filter on them still narrows the drafted set."""
    related = type(item)._meta.get_field(name).related_model
    shown = related._default_manager.filter(pk__in=pks)
    shown._result_cache = list(shown)
    shown._prefetch_done = True
    item._prefetched_objects_cache = {**getattr(item, "_prefetched_objects_cache", {}), name: shown}


def publishable_render(request, template: str, context: dict, *, item):
    """Render a detail page; a preview (or a review copy) carries a banner and is never indexed
    or cached. Staff who may preview it may show it in a frame of the admin (side by side)."""
    review_link = getattr(request, "review_link", None) if _reviewed(request, item) else None
    previewed = getattr(item, "previewed_revision", None)
    preview = not item.is_public or review_link is not None or previewed is not None
    response = render(
        request, template, {**context, "preview": preview, "review_link": review_link}
    )
    if preview:
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    if review_link is None and _may_preview(request.user, type(item)):
        response["X-Frame-Options"] = "SAMEORIGIN"
        response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
    return response


def _reviewed(request, item) -> bool:
    shown = getattr(request, "review_item", None)
    return shown is not None and type(shown) is type(item) and shown.pk == item.pk


def _may_preview(user, model) -> bool:
    return staff_can(user, f"{model._meta.app_label}.view_{model._meta.model_name}")


# The secret is the credential and the page changes nothing a forged request could exploit, so
# no CSRF token (and so no cookie) is asked of a reviewer.
@csrf_exempt
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def review_link_open(request):
    """GET: the page the link opens, whose script posts the secret from the address's fragment.
    POST: the item, read-only, with a review banner; or why the link no longer works."""
    if request.method == "GET":
        return _review_page(request, status=200)
    link = review_link_find(token=request.POST.get("token", "").strip())
    if link is None:
        return _review_page(
            request,
            status=404,
            problem="This review link is not valid. Check that you copied all of it, or ask "
            "the person who sent it for a new one.",
        )
    item = review_link_item(link=link) if link.state == "Active" else None
    if item is None:
        return _review_page(request, status=410, problem=_gone(link))
    review_link_view_record(link=link)
    return _review_copy(request, link=link, item=item)


def _gone(link: ReviewLink) -> str:
    ask = "Ask the person who sent it for a new one if you still need it."
    if link.revoked_at is not None:
        return f"This review link has been withdrawn. {ask}"
    if link.expires_at <= timezone.now():
        when = timezone.localtime(link.expires_at).strftime("%-d %B %Y at %H:%M")
        return f"This review link expired on {when}. {ask}"
    return "What this review link showed has been removed."


def _review_page(request, *, status: int, problem: str = ""):
    response = render(request, "publishing/review_link.html", {"problem": problem}, status=status)
    return _private(response)


def _review_copy(request, *, link: ReviewLink, item):
    """The item's own page, made by its own view, as staff would preview it."""
    path = item.get_absolute_url()
    match = resolve(path)
    inner = copy.copy(request)
    inner.method = "GET"
    inner.POST = QueryDict()
    inner.path = inner.path_info = path
    inner.review_link, inner.review_item = link, item
    response = match.func(inner, *match.args, **match.kwargs)
    return _private(response)


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response.headers.pop("Cache-Control", None)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response
