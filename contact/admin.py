from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Cast, Concat, ExtractYear, LPad
from django.utils.html import format_html

from . import services
from .models import ContactMessage, ContactNote, ContactReply


def reference_expression():
    """The reference as the database spells it (CJA-2026-000123), so any part of it finds the
    message; a year in the site's time zone, as ContactMessage.reference has it."""
    number = Cast("pk", CharField())
    return Concat(
        Value("CJA-"),
        Cast(ExtractYear("received_at"), CharField()),
        Value("-"),
        # LPad would cut a longer number to six digits.
        Case(When(pk__gte=10**6, then=number), default=LPad(number, 6, Value("0"))),
        output_field=CharField(),
    )


class ContactMessageForm(forms.ModelForm):
    reply = forms.CharField(
        label="Reply to the sender",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    class Meta:
        model = ContactMessage
        fields = ["status", "assignee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reply = self.fields["reply"]
        preference = self.instance.contact_preference
        if preference == ContactMessage.ContactPreference.DO_NOT_CONTACT:
            reply.disabled = True
            reply.help_text = "The sender asked not to be contacted: no reply can be sent."
            return
        reply.help_text = (
            f"Emailed when you save, from {settings.DEFAULT_FROM_EMAIL}, in the same thread as "
            "the acknowledgement the sender received, and kept below."
        )
        if preference == ContactMessage.ContactPreference.EMAIL_NO_DETAILS:
            reply.help_text += (
                " The sender asked that emails do not mention the details of their message."
            )


class ContactReplyInline(admin.TabularInline):
    """Replies already sent: a record, not something to edit."""

    model = ContactReply
    extra = 0
    can_delete = False
    fields = ["created_at", "author", "text", "delivery"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="email")
    def delivery(self, reply):
        if reply.email is None:
            return "—"
        return reply.email.get_status_display()


class ContactNoteInline(admin.TabularInline):
    """Staff's own notes: added, never changed afterwards, never sent."""

    model = ContactNote
    extra = 1
    can_delete = False
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    form = ContactMessageForm
    list_display = ["reference_column", "received_at", "name", "subject", "status", "assignee"]
    list_filter = [
        "status",
        ("assignee", admin.RelatedOnlyFieldListFilter),
        ("handled_at", admin.EmptyFieldListFilter),
        "subject",
        "contact_preference",
        "received_at",
    ]
    list_select_related = ["assignee"]
    search_fields = ["reference_text", "name", "email", "message"]
    search_help_text = "Search by reference (any part of it), name, email address or message."
    date_hierarchy = "received_at"
    actions = ["mark_handled", "mark_in_progress"]
    readonly_fields = [
        "reference_column",
        "name",
        "email",
        "subject",
        "message",
        "contact_preference",
        "received_at",
        "handled_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "reference_column",
                    "received_at",
                    "name",
                    "email",
                    "subject",
                    "contact_preference",
                    "message",
                ]
            },
        ),
        ("Handling", {"fields": ["status", "assignee", "handled_at"]}),
        ("Reply", {"fields": ["reply"]}),
    ]
    inlines = [ContactReplyInline, ContactNoteInline]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(reference_text=reference_expression())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_staff=True, is_active=True)
                .order_by("full_name", "email")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="reference", ordering="pk")
    def reference_column(self, message):
        return format_html("<strong>{}</strong>", message.reference)

    def save_model(self, request, obj, form, change):
        services.contact_message_save(message=obj)
        text = form.cleaned_data.get("reply", "").strip()
        if text:
            services.contact_reply_send(message=obj, author=request.user, text=text)
            self.message_user(
                request, f"Your reply to {obj.email} is on its way.", messages.SUCCESS
            )

    def save_formset(self, request, form, formset, change):
        notes = formset.save(commit=False)
        for note in notes:
            if isinstance(note, ContactNote):
                note.author = request.user
            note.save()
        formset.save_m2m()

    @admin.action(description="Mark as handled", permissions=["change"])
    def mark_handled(self, request, queryset):
        count = services.contact_messages_set_status(
            messages=queryset, status=ContactMessage.Status.HANDLED
        )
        self.message_user(request, f"{count} message(s) marked as handled.", messages.SUCCESS)

    @admin.action(description="Mark as in progress", permissions=["change"])
    def mark_in_progress(self, request, queryset):
        count = services.contact_messages_set_status(
            messages=queryset, status=ContactMessage.Status.IN_PROGRESS
        )
        self.message_user(request, f"{count} message(s) marked as in progress.", messages.SUCCESS)
