"""What needs a member of staff's attention, for the admin home: each app declares its own.

An app names a function on its AppConfig, `attention_checks = "contact.attention.checks"`, that
returns its `AttentionCheck`s; the admin home collects them all, so the admin depends on the
apps and never the other way round. Each check costs one count query.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class AttentionCheck:
    # Whose admin list shows the rows; staff see the check only with its view permission.
    model: type[Model]
    rows: Callable[[], QuerySet]
    singular: str
    plural: str
    # The list's filter that shows exactly these rows ("status__exact=failed").
    query: str
    # Where it stands on the admin home: lower first (what a person waits on comes first).
    order: int
    # Who sees it, when not simply those with the model's view permission.
    visible_to: Callable[[object], bool] | None = None


@dataclass(frozen=True)
class AttentionItem:
    count: int
    label: str
    url: str


@cache
def _declared_check_functions() -> tuple[Callable[[], list[AttentionCheck]], ...]:
    return tuple(
        import_string(config.attention_checks)
        for config in apps.get_app_configs()
        if getattr(config, "attention_checks", None)
    )


def attention_checks() -> list[AttentionCheck]:
    """Every app's checks, in their order (made afresh: labels carry settings and querysets
    carry today's date)."""
    checks = [check for declared in _declared_check_functions() for check in declared()]
    return sorted(checks, key=lambda check: check.order)


def attention_items(*, user) -> list[AttentionItem] | None:
    """What needs attention, each with a link to the list that shows it; only what the user may
    view. None when the user may view none of it; an empty list when all is well."""
    visible = [check for check in attention_checks() if _may_see(user, check)]
    if not visible:
        return None
    items = []
    for check in visible:
        count = check.rows().count()
        if count:
            meta = check.model._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            label = check.singular if count == 1 else check.plural
            items.append(AttentionItem(count=count, label=label, url=f"{url}?{check.query}"))
    return items


def _may_see(user, check: AttentionCheck) -> bool:
    if check.visible_to is not None:
        return check.visible_to(user)
    return user.has_perm(_view_permission(check))


def _view_permission(check: AttentionCheck) -> str:
    return f"{check.model._meta.app_label}.view_{check.model._meta.model_name}"
