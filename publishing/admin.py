"""Admin for publishable models (status badges, review dates, publish/unpublish, redirects on a
slug change), and for the topics and redirects themselves."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from sitewide.site_url import ViewOnSiteFromSiteURL

from .models import Redirect, Status, Topic
from .services import publishable_set_status, publishable_update


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
            "fields": ["status", "publish_at", "review_by"],
            "description": "Drafts and items scheduled for later are visible to staff only, "
            "with a preview banner, at their real address.",
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
        if not obj.is_public:
            when = timezone.localtime(obj.publish_at).strftime("%d %b %Y %H:%M")
            return format_html('<span class="badge badge--scheduled">Scheduled {}</span>', when)
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
        count = publishable_set_status(queryset=queryset, status=Status.PUBLISHED)
        self.message_user(request, f"Published {count} item(s).", messages.SUCCESS)

    @admin.action(
        description="Unpublish the selected items (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = publishable_set_status(queryset=queryset, status=Status.DRAFT)
        self.message_user(request, f"Unpublished {count} item(s).", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if change:
            publishable_update(item=obj)  # leaves a redirect if the slug changed
        else:
            super().save_model(request, obj, form, change)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
