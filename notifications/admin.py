from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html

from .models import Email
from .services import email_retry_now


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """The email log. Only staff reach the admin; bodies are shown on the detail page only."""

    list_display = ["created_at", "subject", "recipients", "status", "attempts", "sent_at"]
    list_filter = ["status", "created_at", "sent_at"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["key", "to", "subject", "status", "attempts", "last_error"]}),
        ("Times", {"fields": ["created_at", "next_attempt_at", "claimed_at", "sent_at"]}),
        ("Content", {"fields": ["text", "html_source", "attachment_names"]}),
    ]
    readonly_fields = [
        "key",
        "to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "text",
        "html_source",
        "attachment_names",
    ]

    def get_queryset(self, request):
        # The list never shows bodies or attachments: don't load them for 50 rows at a time.
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            queryset = queryset.defer("text_body", "html_body", "attachments")
        return queryset

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Rows are written by the outbox alone; staff may view them and retry failed ones.
        return False

    @admin.display(description="To")
    def recipients(self, email):
        return ", ".join(email.to)

    def _sealed_notice(self, email):
        if email.status == Email.Status.SENT:
            return "[wiped once sent: it contained a private link]"
        return "[redacted: contains a private link]"

    @admin.display(description="Text body")
    def text(self, email):
        if email.sealed:
            return self._sealed_notice(email)
        return format_html("<pre class='readonly'>{}</pre>", email.text_body)

    @admin.display(description="HTML body (source)")
    def html_source(self, email):
        if not email.html_body:
            return self.get_empty_value_display()
        if email.sealed:
            return self._sealed_notice(email)
        return format_html("<pre class='readonly'>{}</pre>", email.html_body)

    @admin.display(description="Attachments")
    def attachment_names(self, email):
        return ", ".join(a["filename"] for a in email.attachments) or self.get_empty_value_display()

    def has_retry_permission(self, request):
        return request.user.has_perm("notifications.change_email")

    @admin.action(description="Retry now (failed emails only)", permissions=["retry"])
    def retry_now(self, request, queryset):
        failed = list(queryset.filter(status=Email.Status.FAILED))
        with transaction.atomic():
            for email in failed:
                email_retry_now(email=email)
        skipped = queryset.count() - len(failed)
        self.message_user(
            request, f"{len(failed)} failed email(s) queued to be sent again.", messages.SUCCESS
        )
        if skipped:
            self.message_user(
                request, f"{skipped} email(s) were not failed and were left alone.", messages.INFO
            )
