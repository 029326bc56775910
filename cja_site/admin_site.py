"""The admin as charity staff see it: the charity's name, models in the sections staff think in,
developer-only models for superusers alone, and a home page that shows what needs attention."""

from django.conf import settings
from django.contrib import admin
from django.db.models.base import ModelBase
from django.utils import timezone

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
            "usersessions.usersession",
        ],
    ),
    ("Settings", ["publishing.redirect", "sites.site"]),
]

# What only a developer (a superuser) needs: the rest of staff never see these.
DEVELOPER_MODELS = frozenset(
    {
        "auth.group",
        "sites.site",
        "account.emailaddress",
        "mfa.authenticator",
        "usersessions.usersession",
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


class CharityAdminSite(admin.AdminSite):
    site_header = settings.SITE_NAME
    site_title = f"{settings.SITE_NAME} admin"
    index_title = "Staff home"
    index_template = "admin/charity_index.html"

    def register(self, model_or_iterable, admin_class=None, **options):
        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            model_admin = admin_class or admin.ModelAdmin
            if model._meta.label_lower in DEVELOPER_MODELS:
                model_admin = type(
                    model_admin.__name__,
                    (SuperuserOnlyAdmin, model_admin),
                    {"__module__": model_admin.__module__},
                )
            super().register(model, model_admin, **options)

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label:
            return app_list
        return sections_of(app_list)

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
