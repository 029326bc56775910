from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from publishing.admin import PublishableAdmin

from .models import Page, User


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


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    list_display = ["title", "slug", "status_badge", "review_badge", "updated_at", "demo_badge"]
    search_fields = ["title", "summary", "body"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "theme", "summary", "body", "show_exit_button"]}),
        PublishableAdmin.publishing_fieldset,
        PublishableAdmin.seo_fieldset,
    ]
