"""The admin as charity staff see it: the charity's name, models in the sections staff think in,
developer-only models for superusers alone, and a home page that shows what needs attention."""

import datetime
import re

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import FieldError
from django.db.models.base import ModelBase
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from publishing.calendar import calendar_month
from readership.selectors import readership_week_top
from sitewide.attention import attention_items

# Sections of the admin home and sidebar, in order; models in the order staff use them.
SECTIONS = [
    (
        "Content",
        [
            "cja_site.page",
            "campaigns.campaign",
            "tracking.proposedevent",
            "tracking.trackeditem",
            "publications.publication",
            "publications.series",
            "publishing.topic",
            "publishing.workingcopy",
        ],
    ),
    (
        "Expert group",
        [
            "expert_group.meeting",
            "expert_group.membership",
            "expert_group.paper",
            "expert_group.minutes",
            "expert_group.rsvp",
            "expert_group.action",
        ],
    ),
    ("Directory", ["directory.service", "directory.area"]),
    ("Messages", ["contact.contactmessage", "formats.formatrequest", "notifications.email"]),
    (
        "Email updates",
        ["subscriptions.subscription", "subscriptions.subscriber", "subscriptions.announcement"],
    ),
    ("Readership", ["readership.readcount"]),
    (
        "People",
        [
            "cja_site.user",
            "auth.group",
            "account.emailaddress",
            "mfa.authenticator",
            "signins.signin",
        ],
    ),
    (
        "Settings",
        [
            "publishing.reviewpolicy",
            "publishing.auditentry",
            "publishing.reviewlink",
            "publishing.redirect",
            "sites.site",
        ],
    ),
]

# What only a developer (a superuser) needs: the rest of staff never see these.
DEVELOPER_MODELS = frozenset(
    {
        "auth.group",
        "sites.site",
        "account.emailaddress",
        "mfa.authenticator",
        "signins.signin",
    }
)


class SuperuserOnlyAdmin:
    """Mixed into a developer-only model's admin: hidden from, and closed to, other staff."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args, **kwargs):
        return self.has_module_permission(request) and super().has_add_permission(
            request, *args, **kwargs
        )

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)


DATE_PARTS = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}
DATE_PART = re.compile(r"__(year|month|day)$")


def filter_problem(query) -> str:
    """Why a change list's query cannot be used, before it reaches the database (PostgreSQL
    refuses a NUL in text; a year past 9999 overflows Python's dates); "" if it can."""
    for name, values in query.lists():
        for value in values:
            if "\x00" in name or "\x00" in value:
                return "A filter or search holds a NUL character."
            part = DATE_PART.search(name)
            if part:
                low, high = DATE_PARTS[part.group(1)]
                if not (value.isascii() and value.isdigit() and low <= int(value) <= high):
                    return f"The {part.group(1)} must be a number from {low} to {high}."
    return ""


class SafeFilters:
    """Mixed into every model's admin: a bad filter, search or date in a change list's address
    is a 400 that says so, never a 500; a form sent back with errors to correct is a 400 too."""

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        if request.method == "POST" and context.get("errors") and response.status_code == 200:
            response.status_code = 400
        return response

    def changelist_view(self, request, extra_context=None):
        problem = filter_problem(request.GET)
        if not problem:
            try:
                return super().changelist_view(request, extra_context)
            except FieldError:  # a search or filter on a field the model does not have
                problem = "A filter or search names something this list cannot filter on."
        context = {**self.admin_site.each_context(request), "problem": problem, "opts": self.opts}
        response = TemplateResponse(request, "admin/bad_filter.html", context, status=400)
        response["Cache-Control"] = "private, no-store"
        return response


class CharityAdminSite(admin.AdminSite):
    site_header = settings.SITE_NAME
    site_title = f"{settings.SITE_NAME} admin"
    index_title = "Staff home"
    index_template = "admin/charity_index.html"
    # The sidebar repeats the Staff home's sections and costs 275 px on every page: without it,
    # lists and inlines fit a 1280 px screen. Breadcrumbs lead back to the home.
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            model_admin = admin_class or admin.ModelAdmin
            mixins = (SafeFilters,)
            if model._meta.label_lower in DEVELOPER_MODELS:
                mixins = (SuperuserOnlyAdmin, SafeFilters)
            model_admin = type(
                model_admin.__name__, (*mixins, model_admin), {"__module__": model_admin.__module__}
            )
            super().register(model, model_admin, **options)

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label:
            return app_list
        return sections_of(app_list)

    def get_urls(self):
        calendar = path("calendar/", self.admin_view(self.calendar_view), name="calendar")
        return [calendar, *super().get_urls()]

    def calendar_view(self, request):
        """What goes live, comes down, closes and falls due, by month: as a grid, or as a list
        (`?view=list`) that reads well with a screen reader."""
        as_list = request.GET.get("view") == "list"
        month_text = request.GET.get("month", "")
        first = _month_from(month_text) if month_text else timezone.localdate().replace(day=1)
        context = {**self.each_context(request), "as_list": as_list}
        if first is None:
            context.update(
                title="Publishing calendar", problem="Choose a month as YYYY-MM, e.g. 2026-12."
            )
            return TemplateResponse(request, "admin/calendar.html", context, status=400)
        month = calendar_month(year=first.year, month=first.month, user=request.user)
        context.update(
            title=f"Publishing calendar: {first:%B %Y}",
            month=month,
            today=timezone.localdate(),
            view_param="&view=list" if as_list else "",
        )
        return TemplateResponse(request, "admin/calendar.html", context)

    def index(self, request, extra_context=None):
        context = {
            "attention": attention_items(user=request.user),
            "most_read": (
                readership_week_top(today=timezone.localdate())
                if request.user.has_perm("readership.view_readcount")
                else None
            ),
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)


def _month_from(text: str) -> datetime.date | None:
    found = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if found is None or not 1 <= int(found[2]) <= 12 or not 2000 <= int(found[1]) <= 2100:
        return None
    return datetime.date(int(found[1]), int(found[2]), 1)


def sections_of(app_list: list[dict]) -> list[dict]:
    """Regroup Django's per-app list into SECTIONS; a model no section names keeps its app."""
    by_label = {
        entry["model"]._meta.label_lower: entry for app in app_list for entry in app["models"]
    }
    sections = []
    for name, labels in SECTIONS:
        models = [by_label.pop(label) for label in labels if label in by_label]
        if models:
            sections.append(_section(name, models))
    for app in app_list:
        rest = [entry for entry in app["models"] if entry["model"]._meta.label_lower in by_label]
        if rest:
            sections.append(_section(app["name"], rest))
    return sections


def _section(name: str, models: list[dict]) -> dict:
    return {
        "name": name,
        "app_label": name.lower().replace(" ", "-"),
        "app_url": "",
        "has_module_perms": True,
        "models": models,
    }
