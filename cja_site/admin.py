import re

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone

from .models import ContactMessage, Page, Redirect, Topic, User
from .publishing import PublishableAdmin


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["full_name"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    list_display = ["title", "slug", "status_badge", "review_badge", "updated_at", "demo_badge"]
    search_fields = ["title", "summary", "body"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "theme", "summary", "body", "show_exit_button"]}),
        PublishableAdmin.publishing_fieldset,
        PublishableAdmin.seo_fieldset,
    ]


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]


# Nine digits at most: a larger number cannot be a primary key, and would overflow the query.
REFERENCE = re.compile(r"CJA-\d{4}-(?P<pk>\d{1,9})", re.IGNORECASE | re.ASCII)


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["received_at", "name", "email", "subject", "contact_preference", "is_handled"]
    list_filter = [
        ("handled_at", admin.EmptyFieldListFilter),
        "subject",
        "contact_preference",
        "received_at",
    ]
    search_fields = ["name", "email", "message"]
    date_hierarchy = "received_at"
    actions = ["mark_handled", "mark_not_handled"]
    readonly_fields = [
        "name",
        "email",
        "subject",
        "message",
        "contact_preference",
        "received_at",
        "handled_at",
    ]

    def has_add_permission(self, request):
        return False

    def get_search_results(self, request, queryset, search_term):
        # Senders quote the reference from their acknowledgement: CJA-2026-000123.
        match = REFERENCE.fullmatch(search_term.strip())
        if match:
            return queryset.filter(pk=int(match["pk"])), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(boolean=True, description="Handled", ordering="handled_at")
    def is_handled(self, message):
        return message.handled_at is not None

    @admin.action(description="Mark as handled", permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.filter(handled_at__isnull=True).update(handled_at=timezone.now())
        self.message_user(request, f"{count} message(s) marked as handled.", messages.SUCCESS)

    @admin.action(description="Mark as not handled", permissions=["change"])
    def mark_not_handled(self, request, queryset):
        count = queryset.filter(handled_at__isnull=False).update(handled_at=None)
        self.message_user(request, f"{count} message(s) marked as not handled.", messages.SUCCESS)
