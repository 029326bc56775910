import re

from django.contrib import admin, messages
from django.db.models import Q

from publications.models import Attachment

from . import selectors, services
from .models import FormatRequest

# Nine digits at most: a larger number cannot be a primary key, and would overflow the query.
REFERENCE = re.compile(r"FMT-\d{4}-(?P<pk>\d{1,9})", re.IGNORECASE | re.ASCII)


class DueFilter(admin.SimpleListFilter):
    title = "due"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("soon", f"Open, due within {selectors.DUE_SOON_DAYS} days or overdue")]

    def queryset(self, request, queryset):
        if self.value() == "soon":
            return queryset & selectors.format_requests_due_soon()
        return queryset


@admin.register(FormatRequest)
class FormatRequestAdmin(admin.ModelAdmin):
    change_list_template = "admin/formats/formatrequest/change_list.html"
    list_display = ["reference", "format_wanted", "publication", "needed_by", "due_on", "status"]
    list_filter = ["status", DueFilter, "format"]
    list_select_related = ["publication"]
    search_fields = ["publication__title", "email"]
    date_hierarchy = "requested_at"
    actions = ["fulfil_with_matching", "close"]
    fields = [
        "publication",
        "document",
        "format",
        "other_format",
        "email",
        "name",
        "needed_by",
        "requested_at",
        "due_on",
        "status",
        "fulfilled_with",
        "resolved_at",
        "reminded_at",
        "erased_at",
    ]
    readonly_fields = [name for name in fields if name != "fulfilled_with"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != FormatRequest.Status.OPEN:
            return self.fields
        return self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "fulfilled_with" in form.base_fields:
            field = form.base_fields["fulfilled_with"]
            # Only an alternative format of the document that was asked for.
            field.queryset = Attachment.objects.filter(
                Q(alternative_of_id=obj.document_id) if obj and obj.document_id else Q(pk=None)
            )
            field.help_text = (
                "Attach the new format to the publication as an alternative of this document "
                "(requests for it are then fulfilled by themselves), or choose it here: saving "
                "emails the requester a link to it."
            )
        return form

    def save_model(self, request, obj, form, change):
        if "fulfilled_with" in form.changed_data and obj.fulfilled_with:
            services.format_request_fulfil(format_request=obj, alternative=obj.fulfilled_with)
        else:
            super().save_model(request, obj, form, change)

    def get_search_results(self, request, queryset, search_term):
        # Requesters quote the reference from their acknowledgement: FMT-2026-000123.
        match = REFERENCE.fullmatch(search_term.strip())
        if match:
            return queryset.filter(pk=int(match["pk"])), False
        return super().get_search_results(request, queryset, search_term)

    def changelist_view(self, request, extra_context=None):
        context = {"format_counts": selectors.format_request_counts(), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    @admin.action(
        description="Mark fulfilled with the alternative format attached", permissions=["change"]
    )
    def fulfil_with_matching(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        count = services.format_requests_fulfil_available(ids=ids)
        self.message_user(
            request,
            f"{count} request(s) fulfilled: the requesters are emailed a link. Requests whose "
            "format is not attached yet, or that ask for another format, are left open.",
            messages.SUCCESS,
        )

    @admin.action(description="Close without the format", permissions=["change"])
    def close(self, request, queryset):
        count = services.format_requests_close(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} request(s) closed.", messages.SUCCESS)
