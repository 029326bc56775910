"""Admin for publishable models (status badges, review dates, publish/unpublish, redirects on a
slug change), and for the topics and redirects themselves.

The editorial workflow lives here for staff: editing a live item saves a draft revision (the
public page is unchanged), and the change form offers Save draft, Submit for review and Publish
to those allowed each; the history page lists every revision, compares any two and restores one
as a new draft; the compare page is where an approver publishes or sends back.
"""

from contextlib import suppress
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import FileField
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from sitewide.site_url import ViewOnSiteFromSiteURL

from .attention import may_see_some_content
from .compare import versions_compare
from .models import (
    AuditEntry,
    Redirect,
    ReviewLink,
    ReviewPolicy,
    Revision,
    Status,
    Topic,
    WorkingCopy,
)
from .models import publishable_models as _publishable_models
from .review import (
    ReviewRefused,
    item_delete,
    item_unpublish,
    publish_refusal,
    review_policies_sync,
    review_required,
    revision_publish,
    revision_send_back,
    revision_submit,
    user_may_publish,
)
from .review_links import review_link_create, review_link_revoke, review_links_for_item
from .revisions import (
    DraftConflict,
    RevisionInvalid,
    audit_of,
    audit_record,
    drafted_files_publish,
    drafted_files_store,
    item_is_live,
    live_data,
    revision_apply,
    revision_data,
    revision_head,
    revision_restore,
    revision_save,
    revision_settle_rows,
    revisions_of,
    working_copy_of,
)
from .selectors import STALE_DRAFT_DAYS, working_copies_in_review, working_copies_stale
from .services import publishable_update
from .views import drafted_files_link


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Review overdue"), ("soon", "Review due within 30 days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(review_by__lt=today)
        if self.value() == "soon":
            return queryset.filter(
                review_by__gte=today, review_by__lte=today + timezone.timedelta(days=30)
            )
        return queryset


class DemoDataColumn:
    """A "Demo data" label in the list for rows loaded as demo content."""

    @admin.display(description="demo data", ordering="is_demo")
    def demo_badge(self, obj):
        if not obj.is_demo:
            return ""
        return format_html('<span class="badge badge--demo">{}</span>', "Demo data")


class PublishableAdmin(ViewOnSiteFromSiteURL, DemoDataColumn, admin.ModelAdmin):
    """What every publishable model's admin shares. Subclass it and add your own fields."""

    actions = ["publish", "unpublish"]
    change_form_template = "admin/publishing/change_form.html"
    list_filter = ["status", ReviewDueFilter]
    prepopulated_fields = {"slug": ["title"]}
    publishing_fieldset = (
        "Publishing",
        {
            "fields": ["status", "publish_at", "take_down_at", "review_by"],
            "description": "Drafts, items scheduled for later and items taken down are visible "
            "to staff only, with a preview banner, at their real address.",
        },
    )
    seo_fieldset = (
        "Search engines and sharing",
        {
            "fields": ["seo_title", "seo_description", "social_image", "social_image_alt"],
            "classes": ["collapse"],
        },
    )

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj):
        if obj.status != Status.PUBLISHED:
            return format_html('<span class="badge badge--draft">{}</span>', "Draft")
        if obj.is_taken_down:
            when = _when(obj.take_down_at)
            return format_html('<span class="badge badge--draft">Taken down {}</span>', when)
        if not obj.is_public:
            when = _when(obj.publish_at)
            return format_html('<span class="badge badge--scheduled">Scheduled {}</span>', when)
        if obj.take_down_at:
            when = _when(obj.take_down_at)
            return format_html(
                '<span class="badge badge--published">Published, until {}</span>', when
            )
        return format_html('<span class="badge badge--published">{}</span>', "Published")

    @admin.display(description="review by", ordering="review_by")
    def review_badge(self, obj):
        if obj.review_by is None:
            return admin.site.empty_value_display
        date = obj.review_by.strftime("%d %b %Y")
        if obj.review_by < timezone.localdate():
            return format_html('<span class="badge badge--overdue">{} (overdue)</span>', date)
        return date

    @admin.action(description="Publish the selected items now", permissions=["publish"])
    def publish(self, request, queryset):
        published, refused = 0, []
        for item in queryset:
            try:
                published_item = revision_publish(item=item, user=request.user, now=True)
                published += 1
            except (ReviewRefused, RevisionInvalid) as error:
                refused.append(f"{item}: {error}")
                continue
            if published_item.content_warnings:
                self.message_user(
                    request,
                    _report_message(
                        f"“{item}” is published; check", published_item.content_warnings
                    ),
                    messages.WARNING,
                )
        if published:
            self.message_user(request, f"Published {published} item(s).", messages.SUCCESS)
        for message in refused:
            self.message_user(request, f"Not published. {message}", messages.WARNING)

    @admin.action(
        description="Unpublish the selected items (back to draft)", permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        count = 0
        for item in queryset.filter(status=Status.PUBLISHED):
            item_unpublish(item=item, user=request.user)
            count += 1
        self.message_user(request, f"Unpublished {count} item(s).", messages.SUCCESS)

    def delete_model(self, request, obj):
        item_delete(item=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset:  # one by one, so each deletion is in the audit trail
            item_delete(item=item, user=request.user)

    def _viewable_item_or_404(self, request, object_id):
        item = self.get_object(request, unquote(object_id))
        if item is None or not self.has_view_permission(request, item):
            raise Http404("No such item")
        return item

    def _page_context(self, request, item, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": item,
            "title": title,
            "subtitle": str(item),
        }

    def preview_view(self, request, object_id):
        """The item at its real address, at desktop and phone widths side by side."""
        item = self._viewable_item_or_404(request, object_id)
        revision = request.GET.get("revision", "")
        shown = item.get_absolute_url()
        if revision.isascii() and revision.isdigit():
            shown += f"?revision={revision}"
        context = {
            **self._page_context(request, item, f"Preview: {item}"),
            "preview_url": shown,
            "frames": [("Desktop", 1280, 800), ("Phone", 390, 780)],
        }
        return TemplateResponse(request, "admin/publishing/preview.html", context)

    def review_links_view(self, request, object_id):
        """Review links for people outside: who has one, how often it was opened; make or
        revoke one. A new link's address is shown once, in this answer only."""
        item = self._viewable_item_or_404(request, object_id)
        may_change = self.has_change_permission(request, item)
        form = ReviewLinkForm(request.POST if request.method == "POST" else None)
        new_url, status = None, 200
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            if "revoke" in request.POST:
                link = review_links_for_item(item=item).filter(pk=request.POST["revoke"]).first()
                if link is None:
                    raise Http404("No such review link")
                review_link_revoke(link=link, revoked_by=request.user)
                self.message_user(request, f"Revoked the link for {link.shared_with}.")
                return HttpResponseRedirect(request.path)
            if form.is_valid():
                _link, new_url = review_link_create(
                    item=item,
                    shared_with=form.cleaned_data["shared_with"],
                    created_by=request.user,
                    days=form.cleaned_data["days"],
                )
                form = ReviewLinkForm()
            else:
                status = 400
        context = {
            **self._page_context(request, item, f"Review links: {item}"),
            "links": review_links_for_item(item=item),
            "form": form,
            "new_url": new_url,
            "may_change": may_change,
        }
        return TemplateResponse(
            request, "admin/publishing/review_links.html", context, status=status
        )

    def has_publish_permission(self, request, obj=None):
        return user_may_publish(request.user, self.model)

    # --------------------------------------------------------------------------
    # Working copies: what the change form shows, and what saving it does
    # --------------------------------------------------------------------------
    def get_readonly_fields(self, request, obj=None):
        # Published or not is decided by the Publish button and review, never by a form field.
        return [*super().get_readonly_fields(request, obj), "status"]

    def get_object(self, request, object_id, from_field=None):
        item = super().get_object(request, object_id, from_field)
        if item is None:
            return None
        working_copy = working_copy_of(item)
        item._working_copy = working_copy
        item._draft_m2m = {}
        if working_copy is not None:
            # The form shows the draft, not the live row (which stays as it is).
            # Shown as far as it applies if it no longer validates: saving says what to fix.
            with suppress(RevisionInvalid):
                applied = revision_apply(item=item, data=working_copy.revision.data)
                item._draft_m2m = applied.m2m
                item._draft_rows = applied.rows  # read by DraftRowsFormSet
                drafted_files_link(item, applied.rows)
        return item

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        draft_m2m = getattr(obj, "_draft_m2m", None)
        if not draft_m2m:
            return form

        class DraftForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not self.is_bound:
                    self.initial.update(draft_m2m)

        return DraftForm

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # The revision is kept in save_related, once the inline rows are known too.
        request._editing = Editing(live=item_is_live(obj))
        _store_uploads(obj)

    def save_related(self, request, form, formsets, change):
        outcome = getattr(request, "_editing", None)
        if outcome is None:
            super().save_related(request, form, formsets, change)
            if not change:
                revision_save(
                    item=form.instance,
                    data=revision_data(item=form.instance),
                    user=request.user,
                    note="Created",
                    check_conflict=False,
                )
            return
        obj = form.instance
        if not self._revision_keep(request, obj, form, formsets, outcome):
            return
        old_slug = type(obj)._default_manager.values_list("slug", flat=True).get(pk=obj.pk)
        publishable_update(item=obj)  # leaves a redirect if the slug changed
        if old_slug != obj.slug:
            audit_record(
                item=obj, action=AuditEntry.Action.RENAMED, user=request.user,
                note=f"{old_slug} → {obj.slug}",
            )  # fmt: skip
        form.save_m2m()
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        revision_settle_rows(revision=outcome.revision, item=obj)

    def _revision_keep(self, request, obj, form, formsets, outcome) -> bool:
        """Keep the form's content as a revision; True if a draft item is to be saved as it is
        (a live one changes only when a revision is published)."""
        m2m = {
            f.name: [related.pk for related in form.cleaned_data[f.name]]
            for f in obj._meta.many_to_many
            if f.name in form.cleaned_data
        }
        rows = {
            formset.fk.remote_field.get_accessor_name(): _drafted_rows(formset, live=outcome.live)
            for formset in formsets
        }
        try:
            outcome.revision = revision_save(
                item=obj,
                data=revision_data(item=obj, m2m=m2m, rows=rows),
                user=request.user,
                note=request.POST.get("_revision_note", "").strip(),
                based_on_id=_int_or_none(request.POST.get("_based_on")),
            )
        except DraftConflict as conflict:
            outcome.conflict = conflict
        if outcome.conflict or outcome.live:
            for formset in formsets:  # nothing saved; the admin's change message reads these
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return False
        return True

    def response_change(self, request, obj):
        outcome = getattr(request, "_editing", None)
        if outcome is None:
            return super().response_change(request, obj)
        if outcome.conflict:
            theirs = outcome.conflict.theirs
            self.message_user(
                request,
                f"{_name(theirs.created_by)} saved a newer draft at "
                f"{timezone.localtime(theirs.created_at):%H:%M} while you were editing. Your "
                "version is kept in the history but was not saved as the draft: compare the two "
                "below, then restore yours or edit theirs.",
                messages.WARNING,
            )
            return self._redirect_compare(obj, theirs.pk, outcome.conflict.mine.pk)
        if "_submit" in request.POST:
            return self._after(request, obj, lambda: revision_submit(item=obj, user=request.user),
                               "Submitted for review: approvers have been emailed.")  # fmt: skip
        if "_publish" in request.POST:
            reason = request.POST.get("_publish_reason", "")
            return self._after(
                request, obj, lambda: revision_publish(item=obj, user=request.user, reason=reason),
                "Published: the public page shows this version now.",
            )  # fmt: skip
        if outcome.live:
            self.message_user(
                request, "Draft saved. The public page is unchanged until it is published.",
                messages.SUCCESS,
            )  # fmt: skip
        else:
            self.message_user(request, "Draft saved.", messages.SUCCESS)
        if "_save" in request.POST:
            return HttpResponseRedirect(self._url("changelist"))
        return HttpResponseRedirect(self._url("change", obj.pk))

    def _after(self, request, obj, step, success: str):
        try:
            step()
        except (ReviewRefused, RevisionInvalid) as error:
            self.message_user(request, f"Draft saved, but: {error}", messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", obj.pk))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = extra_context or {}
        item = self.get_object(request, unquote(object_id))
        if item is not None:
            context["editorial"] = self._editorial_context(request, item)
        return super().change_view(request, object_id, form_url, extra_context=context)

    def _editorial_context(self, request, item) -> dict:
        working_copy = getattr(item, "_working_copy", None) or working_copy_of(item)
        head = revision_head(item)
        live = item_is_live(item)
        refusal = publish_refusal(item=item, user=request.user, reason="a reason")
        return {
            "live": live,
            "working_copy": working_copy,
            "based_on": head.pk if head else "",
            "review_required": review_required(item),
            "may_publish": refusal is None,
            "needs_reason": refusal is None
            and publish_refusal(item=item, user=request.user) is not None,
            "history_url": self._url("history", item.pk),
            "compare_url": f"{self._url('compare', item.pk)}?a=live&b={head.pk}" if head else "",
            "preview_url": self.preview_url(request, item, head),
        }

    def preview_url(self, request, item, revision) -> str:
        """The revision (or, with none yet, the item as saved) at the item's real address, at
        desktop and phone widths side by side."""
        url = self._url("preview", item.pk)
        return f"{url}?revision={revision.pk}" if revision is not None else url

    # --------------------------------------------------------------------------
    # History, compare, restore, review
    # --------------------------------------------------------------------------
    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name=f"{prefix}_compare",
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                wrap(self.restore_view),
                name=f"{prefix}_restore",
            ),
            path("<path:object_id>/review/", wrap(self.review_view), name=f"{prefix}_review"),
            path("<path:object_id>/preview/", wrap(self.preview_view), name=f"{prefix}_preview"),
            path(
                "<path:object_id>/review-links/",
                wrap(self.review_links_view),
                name=f"{prefix}_review_links",
            ),
            *super().get_urls(),
        ]

    def _url(self, name: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def _redirect_compare(self, obj, a, b):
        return HttpResponseRedirect(f"{self._url('compare', obj.pk)}?a={a}&b={b}")

    def _item_or_404(self, request, object_id, *, permission: str):
        item = self.model._default_manager.filter(pk=_int_or_none(unquote(object_id))).first()
        if item is None:
            raise Http404("No such item.")
        if not getattr(self, f"has_{permission}_permission")(request, item):
            raise PermissionDenied
        return item

    def history_view(self, request, object_id, extra_context=None):
        item = self._item_or_404(request, object_id, permission="view")
        revisions = list(revisions_of(item)[:200])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"History: {item}",
            "item": item,
            "revisions": revisions,
            "working_copy": working_copy_of(item),
            "audit": audit_of(item)[:200],
            "can_restore": self.has_change_permission(request, item),
            "compare_url": self._url("compare", item.pk),
            "change_url": self._url("change", item.pk),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/publishing/history.html", context)

    def compare_view(self, request, object_id):
        item = self._item_or_404(request, object_id, permission="view")
        old, old_version = self._version(item, request.GET.get("a", "live"))
        new, new_version = self._version(item, request.GET.get("b", "live"))
        working_copy = working_copy_of(item)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Compare versions: {item}",
            "item": item,
            "old": old_version,
            "new": new_version,
            "fields": versions_compare(model=self.model, old=old, new=new),
            "working_copy": working_copy,
            "history_url": self._url("history", item.pk),
            "change_url": self._url("change", item.pk),
            "review_url": self._url("review", item.pk),
            "can_review": working_copy is not None
            and working_copy.state == WorkingCopy.State.IN_REVIEW
            and user_may_publish(request.user, self.model),
            "may_publish": publish_refusal(item=item, user=request.user, reason="a reason") is None,
            "needs_reason": publish_refusal(item=item, user=request.user) is not None,
            "publish_refusal": publish_refusal(item=item, user=request.user, reason="a reason"),
        }
        return TemplateResponse(request, "admin/publishing/compare.html", context)

    def _version(self, item, key: str):
        if key == "live":
            return live_data(item), Version(label="Live (what visitors see)", revision=None)
        revision = (
            Revision.objects.filter(
                pk=_int_or_none(key),
                content_type=ContentType.objects.get_for_model(self.model),
                object_id=item.pk,
            )
            .select_related("created_by")
            .first()
        )
        if revision is None:
            raise Http404("No such revision of this item.")
        return revision.data, Version(label=_revision_label(revision), revision=revision)

    def restore_view(self, request, object_id, revision_id):
        item = self._item_or_404(request, object_id, permission="change")
        if request.method != "POST":
            return HttpResponseBadRequest("Restore with the button on the history page.")
        revision = get_object_or_404(
            Revision,
            pk=revision_id,
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=item.pk,
        )
        try:
            restored = revision_restore(revision=revision, user=request.user)
        except RevisionInvalid as error:
            self.message_user(
                request,
                "This revision cannot be restored as it is, because the item has changed since: "
                f"{'; '.join(error.errors)}. Nothing was changed.",
                messages.ERROR,
            )
            return HttpResponseRedirect(self._url("history", item.pk))
        self.message_user(
            request,
            "Restored as a new draft: the public page is unchanged until it is published. "
            + " ".join(restored.notes),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", item.pk))

    def review_view(self, request, object_id):
        item = self._item_or_404(request, object_id, permission="view")
        if request.method != "POST":
            return HttpResponseBadRequest("Publish or send back with the buttons.")
        try:
            if "_send_back" in request.POST:
                revision_send_back(
                    item=item, user=request.user, comment=request.POST.get("comment", "")
                )
                self.message_user(request, "Sent back: the editor has been emailed your comment.")
            elif "_publish" in request.POST:
                revision_publish(
                    item=item, user=request.user, reason=request.POST.get("_publish_reason", "")
                )
                self.message_user(request, "Published: the public page shows this version now.")
            else:
                return HttpResponseBadRequest("Publish or send back with the buttons.")
        except (ReviewRefused, RevisionInvalid) as error:
            self.message_user(request, str(error), messages.ERROR)
            head = revision_head(item)
            return self._redirect_compare(item, "live", head.pk if head else "live")
        return HttpResponseRedirect(self._url("change", item.pk))


@dataclass
class Editing:
    """What saving the change form did (kept on the request between the admin's steps)."""

    live: bool
    revision: Revision | None = None
    conflict: DraftConflict | None = None


@dataclass
class Version:
    label: str
    revision: Revision | None


def _name(user) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.email


def _revision_label(revision: Revision) -> str:
    when = timezone.localtime(revision.created_at)
    return f"Revision of {when:%d %b %Y %H:%M} by {_name(revision.created_by)}"


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _store_uploads(obj) -> None:
    """Store the files just uploaded to `obj` (without saving it): the revision names them."""
    for f in obj._meta.concrete_fields:
        upload = getattr(obj, f.name) if isinstance(f, FileField) else None
        if upload and not upload._committed:
            upload.save(upload.name, upload.file, save=False)


def _drafted_rows(formset, *, live: bool) -> list:
    """The rows an inline formset's forms describe, as unsaved instances, deleted ones left out.
    A live item's new files wait in the private storage until the draft is published; a draft
    item's rows are saved as edited, so their files go where their field keeps them."""
    rows = []
    for form in formset.forms:
        if form in formset.deleted_forms or not (form.instance.pk or form.has_changed()):
            continue
        if live:
            drafted_files_store(form.instance)
        else:
            _store_uploads(form.instance)
            drafted_files_publish(form.instance)  # drafted while the item was live
        rows.append(form.instance)
    return rows


DRAFTED_ROW = "drafted_row"


class DraftRowForm(forms.ModelForm):
    """An inline row; one the draft added (not yet live) counts as filled in, not as a blank,
    and says which of the draft's new rows it is."""

    drafted_row = forms.IntegerField(required=False, widget=forms.HiddenInput)
    drafted = False

    def has_changed(self):
        return self.drafted or super().has_changed()


class DraftRowsFormSet(BaseInlineFormSet):
    """An inline's rows as the item's draft has them: the draft's version of live rows, and the
    rows it adds (kept in memory only, until the draft is published)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accessor = self.fk.remote_field.get_accessor_name()
        drafted = getattr(self.instance, "_draft_rows", {}).get(accessor)
        self._drafted_live = None if drafted is None else [r for r in drafted if r.pk]
        self._drafted_new = [] if drafted is None else [r for r in drafted if not r.pk]
        if not self.is_bound:
            self.extra = max(self.extra, len(self._drafted_new))

    def get_queryset(self):
        if self._drafted_live is None:
            return super().get_queryset()
        return self._drafted_live

    def _construct_form(self, i, **kwargs):
        index = self._drafted_new_index(i)
        if index is not None:
            kwargs["instance"] = self._drafted_new[index]
        form = super()._construct_form(i, **kwargs)
        if index is not None:
            form.drafted = True
            form.fields[DRAFTED_ROW].initial = index
        return form

    def _drafted_new_index(self, i) -> int | None:
        if i < self.initial_form_count():
            return None
        if self.is_bound:  # the form says which of the draft's new rows it shows, if any
            index = _int_or_none(self.data.get(f"{self.add_prefix(i)}-{DRAFTED_ROW}"))
        else:
            index = i - self.initial_form_count()
        return index if index is not None and 0 <= index < len(self._drafted_new) else None


class RevisedRowsInline:
    """For an inline whose rows are part of the item's revisions (its model's `revised_rows`):
    the form shows the draft's rows, and saving keeps them in the revision."""

    form = DraftRowForm
    formset = DraftRowsFormSet

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), DRAFTED_ROW]


class ReviewLinkForm(forms.Form):
    shared_with = forms.CharField(
        label="Who it is for",
        max_length=200,
        help_text="Their name and organisation, e.g. “Legal adviser, Smith & Co”: kept with "
        "the link, and shown on the draft to them.",
    )
    days = forms.IntegerField(
        label="Days it works",
        min_value=1,
        max_value=settings.REVIEW_LINK_MAX_DAYS,
        initial=settings.REVIEW_LINK_DAYS,
        help_text=f"From 1 to {settings.REVIEW_LINK_MAX_DAYS}. You can revoke it sooner.",
    )


def _report_message(opening: str, findings) -> str:
    return f"{opening}: " + " ".join(str(finding) for finding in findings)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y %H:%M")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]


class WaitingFilter(admin.SimpleListFilter):
    title = "waiting"
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("review", "Waiting for review"),
            ("stale", f"Drafts of live items untouched for {STALE_DRAFT_DAYS} days"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset & working_copies_in_review()
        if self.value() == "stale":
            return queryset & working_copies_stale()
        return queryset


class RecordAdmin(admin.ModelAdmin):
    """A record the site keeps for itself: read in the admin, never added, changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkingCopy)
class WorkingCopyAdmin(RecordAdmin):
    """Changes waiting to be published, for the staff who may see that kind of content."""

    list_filter = [WaitingFilter, "state", "content_type"]
    list_display_links = None

    def get_queryset(self, request):
        kinds = [
            ContentType.objects.get_for_model(model).pk
            for model in _publishable_models()
            if request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
        ]
        return (
            super()
            .get_queryset(request)
            .filter(content_type__in=kinds)
            .select_related("content_type", "revision__created_by")
        )

    @admin.display(description="kind", ordering="content_type__model")
    def kind(self, obj):
        return str(obj.content_type.model_class()._meta.verbose_name).capitalize()

    @admin.display(description="last saved by")
    def editor(self, obj):
        return _name(obj.revision.created_by)

    def get_list_display(self, request):
        return ["compare_link", "kind", "state", "editor", "updated_at"]

    @admin.display(description="item", ordering="object_repr")
    def compare_link(self, obj):
        opts = obj.content_type.model_class()._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[obj.object_id])
        return format_html('<a href="{}?a=live&b={}">{}</a>', url, obj.revision_id, obj.object_repr)

    def has_module_permission(self, request):
        return may_see_some_content(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


class ReviewRuleForm(forms.ModelForm):
    """The list's rule selects, each named for its kind (the column header alone names none)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].widget.attrs["aria-label"] = f"Review rule: {self.instance}"


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(admin.ModelAdmin):
    """Per kind of content, whether changes need an approver other than the editor."""

    list_display = ["__str__", "rule"]
    list_editable = ["rule"]
    list_display_links = None
    fields = ["rule"]

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=ReviewRuleForm, **kwargs)

    def changelist_view(self, request, extra_context=None):
        review_policies_sync()
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(RecordAdmin):
    """Who published, approved, sent back, restored, renamed or deleted what: superusers only."""

    list_display = ["at", "action", "object_repr", "kind", "user", "note"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "note", "user__email"]
    date_hierarchy = "at"
    list_select_related = ["content_type", "user"]

    @admin.display(description="kind", ordering="content_type__model")
    def kind(self, obj):
        return str(obj.content_type.model_class()._meta.verbose_name).capitalize()

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(ReviewLink)
class ReviewLinkAdmin(admin.ModelAdmin):
    """Every review link on the site: who has one, to what, and whether it still works. Links
    are made from their item's page ("Share for review"); the secret is never shown again."""

    list_display = ["shared_with", "item_link", "created_by", "created_at", "expires_at", "state"]
    list_select_related = ["created_by", "content_type"]
    search_fields = ["shared_with"]
    readonly_fields = ["shared_with", "item_link", "created_by", "created_at", "expires_at",
                       "revoked_at", "revoked_by", "views_list"]  # fmt: skip
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="item")
    def item_link(self, obj):
        item = obj.item
        if item is None:
            return "(deleted)"
        url = reverse(
            f"admin:{obj.content_type.app_label}_{obj.content_type.model}_review_links",
            args=[item.pk],
        )
        return format_html('<a href="{}">{}</a>', url, item)

    @admin.display(description="status")
    def state(self, obj):
        return obj.state

    @admin.display(description="opened")
    def views_list(self, obj):
        times = [timezone.localtime(view.viewed_at).strftime("%d %b %Y %H:%M")
                 for view in obj.views.all()[:50]]  # fmt: skip
        return ", ".join(times) or "Never"

    def has_revoke_permission(self, request):
        return request.user.has_perm("publishing.change_reviewlink")

    @admin.action(description="Revoke the selected links", permissions=["revoke"])
    def revoke(self, request, queryset):
        for link in queryset.filter(revoked_at__isnull=True):
            review_link_revoke(link=link, revoked_by=request.user)
        self.message_user(request, "Revoked the selected links.", messages.SUCCESS)
