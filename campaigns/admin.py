from django.contrib import admin
from django.db import models

from documents.admin import LabelledFileWidget
from publishing.admin import PublishableAdmin, RevisedRowsInline

from .models import Campaign, Milestone


class MilestoneInline(RevisedRowsInline, admin.StackedInline):
    model = Milestone
    extra = 0
    fields = [("date", "kind"), "title", "text", "publication", ("link_url", "link_text")]


@admin.register(Campaign)
class CampaignAdmin(PublishableAdmin):
    list_display = ["title", "state", "featured", "status_badge", "review_badge", "demo_badge"]
    list_filter = ["state", *PublishableAdmin.list_filter, "featured", "topics"]
    search_fields = ["title", "summary"]
    # Plain selects rather than autocomplete: its widget (select2) has no accessible name.
    filter_horizontal = ["topics", "related_publications"]
    inlines = [MilestoneInline]
    formfield_overrides = {models.ImageField: {"widget": LabelledFileWidget}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "state", "featured", "summary", "body"]}),
        ("Image", {"fields": ["hero_image", "hero_image_alt", "hero_image_decorative"]}),
        (
            "Links",
            {
                "fields": [
                    "topics",
                    "related_publications",
                    "call_to_action_text",
                    "call_to_action_url",
                ]
            },
        ),
        PublishableAdmin.publishing_fieldset,
        PublishableAdmin.seo_fieldset,
    ]
