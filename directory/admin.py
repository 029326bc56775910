from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html

from publishing.admin import PublishableAdmin
from sitewide.site_url import ViewOnSiteFromSiteURL

from .models import Area, Service
from .selectors import service_check_overdue_before


class CheckDueFilter(admin.SimpleListFilter):
    title = "check"
    parameter_name = "check"

    def lookups(self, request, model_admin):
        return [("overdue", "Not checked for six months")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.filter(
                Q(last_checked__isnull=True) | Q(last_checked__lt=service_check_overdue_before())
            )
        return queryset


@admin.register(Service)
class ServiceAdmin(PublishableAdmin):
    list_display = [
        "title", "organisation", "national", "checked_badge", "status_badge", "demo_badge",
    ]  # fmt: skip
    list_filter = [CheckDueFilter, *PublishableAdmin.list_filter, "national", "serves", "areas"]
    search_fields = ["title", "organisation"]
    filter_horizontal = ["areas"]
    readonly_fields = ["check_requested_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "organisation", "description"]}),
        (
            "Who it is for",
            {
                "fields": [
                    "serves",
                    ("adults", "young_people"),
                    ("stage_before_court", "stage_after_sentence"),
                    ("stage_in_prison", "stage_in_community"),
                ]
            },
        ),
        (
            "Offences",
            {
                "fields": ["domestic_abuse", "sexual_offences", "hate_crime", "offence_notes"],
                "description": "Domestic abuse, sexual offences and hate crime are “sensitive "
                "and complex” cases that many services do not take.",
            },
        ),
        (
            "Referral and delivery",
            {
                "fields": [
                    ("referral_self", "referral_police", "referral_victim_support"),
                    ("referral_probation", "referral_prison"),
                    ("delivery_face_to_face", "delivery_letters"),
                    ("delivery_video", "delivery_shuttle"),
                    "languages",
                    "bsl",
                ]
            },
        ),
        ("Contact", {"fields": ["phone", "email", "website"]}),
        ("Where", {"fields": ["national", "areas"]}),
        (
            "About the organisation",
            {"fields": ["rjc_registered_until", "funder"]},
        ),
        (
            "Checks",
            {
                "fields": ["last_checked", "check_email", "check_requested_at"],
                "description": "Every six months the service is emailed a link to confirm its "
                "entry; confirming sets “last checked”.",
            },
        ),
        PublishableAdmin.publishing_fieldset,
        PublishableAdmin.seo_fieldset,
    ]

    @admin.display(description="last checked", ordering="last_checked")
    def checked_badge(self, obj):
        if obj.last_checked is None:
            return format_html('<span class="badge badge--overdue">{}</span>', "Never")
        date = obj.last_checked.strftime("%d %b %Y")
        if obj.last_checked < service_check_overdue_before(today=timezone.localdate()):
            return format_html('<span class="badge badge--overdue">{} (due)</span>', date)
        return date


@admin.register(Area)
class AreaAdmin(ViewOnSiteFromSiteURL, admin.ModelAdmin):
    """Reference data from the ONS, loaded by migrations: read-only for everyone."""

    list_display = ["name", "gss_code", "kind", "abbreviation", "police_force_area"]
    list_filter = ["kind"]
    search_fields = ["name", "gss_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
