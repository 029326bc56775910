"""Email updates in the admin: counts for staff, never a mailing list to copy or export.

The subscriptions page shows counts per campaign, topic and frequency only. Subscribers are
listed with masked addresses; search finds one by its full address (to act on a bounce or an
erasure request) and never by part of one.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse

from . import selectors, services
from .models import Announcement, Subscriber, Subscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    """Followers per target and frequency: the list page is a table of counts."""

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Email updates: followers",
            "rows": selectors.subscription_counts(),
            "subscribers": selectors.subscriber_counts(),
        }
        return TemplateResponse(request, "admin/subscriptions/counts.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # One subscription on its own page would show whose it is: see Subscribers instead.
        return self.changelist_view(request)


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    can_delete = False
    fields = [
        "target_name",
        "frequency",
        "consent_text",
        "requested_at",
        "requested_on",
        "confirmed_at",
        "confirmed_how",
    ]
    readonly_fields = fields

    @admin.display(description="Follows")
    def target_name(self, subscription):
        return subscription.target_label

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin):
    list_display = ["masked_email", "status", "created_at", "status_changed_at"]
    list_filter = ["status"]
    # Search takes a full address only (see get_search_results); the followers page says so.
    search_fields = ["email"]
    fields = ["masked_email", "status", "created_at", "status_changed_at"]
    readonly_fields = fields
    inlines = [SubscriptionInline]
    actions = ["mark_bounced", "delete_selected"]
    show_full_result_count = False

    @admin.display(description="Email address")
    def masked_email(self, subscriber):
        return subscriber.masked_email

    def get_search_results(self, request, queryset, search_term):
        term = services.normalise_address(search_term)
        if not term:
            return queryset, False
        return queryset.filter(email=term), False

    def has_mark_bounced_permission(self, request):
        return request.user.has_perm("subscriptions.change_subscriber")

    @admin.action(
        description="Mark as hard-bounced (never email again)", permissions=["mark_bounced"]
    )
    def mark_bounced(self, request, queryset):
        subscribers = list(queryset)
        for subscriber in subscribers:
            services.subscriber_mark_bounced(subscriber=subscriber)
        self.message_user(
            request,
            f"{len(subscribers)} address(es) marked as bounced: they will not be emailed again.",
            messages.SUCCESS,
        )


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    """What followers were told about, and when (baseline items were recorded silently)."""

    list_display = ["__str__", "created_at", "baseline", "emails_queued_at"]
    list_filter = ["baseline"]
    list_select_related = ["publication", "milestone"]
    fields = [
        "publication",
        "milestone",
        "created_at",
        "baseline",
        "emails_started_at",
        "emails_queued_at",
    ]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False
