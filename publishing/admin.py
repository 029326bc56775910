"""Admin for publishable models (status badges, review dates, publish/unpublish, redirects on a
slug change), and for the topics and redirects themselves."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from sitewide.site_url import ViewOnSiteFromSiteURL

from .content_checks import content_check
from .models import Redirect, ReviewLink, Status, Topic
from .review_links import review_link_create, review_link_revoke, review_links_for_item
from .services import publishable_publish, publishable_set_status, publishable_update


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


class ContentCheckedForm(forms.ModelForm):
    """An item saved as published must pass the content checks: errors are shown on the form
    (nothing is saved), warnings once it is saved."""

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was typed
        self.content_warnings = ()
        if self.errors or self.instance.status != Status.PUBLISHED:
            return
        report = content_check(self.instance)
        for finding in report.errors:
            self.add_error(None, f"This cannot be published yet. {finding}")
        self.content_warnings = report.warnings


class PublishableAdmin(ViewOnSiteFromSiteURL, DemoDataColumn, admin.ModelAdmin):
    """What every publishable model's admin shares. Subclass it and add your own fields."""

    actions = ["publish", "unpublish"]
    change_form_template = "admin/publishing/change_form.html"
    form = ContentCheckedForm
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

    @admin.action(description="Publish the selected items now", permissions=["change"])
    def publish(self, request, queryset):
        outcome = publishable_publish(queryset=queryset)
        if outcome.published:
            count = len(outcome.published)
            self.message_user(request, f"Published {count} item(s).", messages.SUCCESS)
        for item, report in outcome.blocked:
            self.message_user(
                request,
                _report_message(f"“{item}” was not published", report.errors),
                messages.ERROR,
            )
        for item, report in outcome.warned:
            self.message_user(
                request,
                _report_message(f"“{item}” is published; check", report.warnings),
                messages.WARNING,
            )

    @admin.action(
        description="Unpublish the selected items (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = publishable_set_status(queryset=queryset, status=Status.DRAFT)
        self.message_user(request, f"Unpublished {count} item(s).", messages.SUCCESS)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "<path:object_id>/review-links/",
                self.admin_site.admin_view(self.review_links_view),
                name="{}_{}_review_links".format(*info),
            ),
            *super().get_urls(),
        ]

    def _item_or_404(self, request, object_id):
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
        item = self._item_or_404(request, object_id)
        context = {
            **self._page_context(request, item, f"Preview: {item}"),
            "preview_url": item.get_absolute_url(),
            "frames": [("Desktop", 1280, 800), ("Phone", 390, 780)],
        }
        return TemplateResponse(request, "admin/publishing/preview.html", context)

    def review_links_view(self, request, object_id):
        """Review links for people outside: who has one, how often it was opened; make or
        revoke one. A new link's address is shown once, in this answer only."""
        item = self._item_or_404(request, object_id)
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

    def save_model(self, request, obj, form, change):
        for finding in getattr(form, "content_warnings", ()):
            self.message_user(request, f"Check before it is read: {finding}", messages.WARNING)
        if change:
            publishable_update(item=obj)  # leaves a redirect if the slug changed
        else:
            super().save_model(request, obj, form, change)


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
