from django.contrib import admin

from .models import SignIn


@admin.register(SignIn)
class SignInAdmin(admin.ModelAdmin):
    """Read-only: staff see where an account is signed in; the session's key is never shown."""

    list_display = ["user", "user_agent", "ip", "created_at", "last_seen_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    fields = ["user", "user_agent", "ip", "created_at", "last_seen_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
