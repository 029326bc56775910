from django.contrib import admin

from documents.admin import DocumentAdminMixin
from publishing.admin import PublishableAdmin, RevisedRowsInline
from sitewide.site_url import ViewOnSiteFromSiteURL

from .models import Attachment, Publication, Series


class AttachmentInline(
    RevisedRowsInline, ViewOnSiteFromSiteURL, DocumentAdminMixin, admin.TabularInline
):
    model = Attachment
    extra = 0
    fields = [
        "title",
        "file",
        "order",
        "document_format",
        "document_size",
        "accessibility",
        "alternative_of",
        "alternative_format",
    ]
    readonly_fields = ["document_format", "document_size"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # An alternative format is a version of one of this publication's own originals.
        originals = Attachment.objects.filter(publication=obj, alternative_of__isnull=True)
        formset.form.base_fields["alternative_of"].queryset = (
            originals if obj else Attachment.objects.none()
        )
        return formset


@admin.register(Series)
class SeriesAdmin(ViewOnSiteFromSiteURL, admin.ModelAdmin):
    list_display = ["title", "slug"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Publication)
class PublicationAdmin(PublishableAdmin):
    list_display = [
        "title",
        "kind",
        "published_on",
        "series",
        "status_badge",
        "review_badge",
        "demo_badge",
    ]
    list_filter = ["kind", *PublishableAdmin.list_filter, "topics", "series"]
    list_select_related = ["series"]
    search_fields = ["title", "summary", "authors"]
    date_hierarchy = "published_on"
    filter_horizontal = ["topics"]
    inlines = [AttachmentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body"]}),
        ("Details", {"fields": ["published_on", "authors", "topics", "series", "series_part"]}),
        (
            "Consultation (for consultation responses)",
            {
                "fields": [
                    "consultation_name",
                    "consultation_department",
                    "consultation_closes",
                    "consultation_url",
                    "government_response_url",
                    "government_response_date",
                ],
                "classes": ["collapse"],
            },
        ),
        PublishableAdmin.publishing_fieldset,
        PublishableAdmin.seo_fieldset,
    ]
