from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from .models import Publishable, Redirect, WorkingCopy

# Draft changes to a live item left this long are listed under "Needs attention".
STALE_DRAFT_DAYS = 14


def working_copies_in_review() -> QuerySet[WorkingCopy]:
    return WorkingCopy.objects.filter(state=WorkingCopy.State.IN_REVIEW)


def working_copies_stale(*, days: int = STALE_DRAFT_DAYS) -> QuerySet[WorkingCopy]:
    """Draft changes to live items that nobody has touched for `days` (and not in review)."""
    return WorkingCopy.objects.filter(
        of_live_item=True, updated_at__lt=timezone.now() - timedelta(days=days)
    ).exclude(state=WorkingCopy.State.IN_REVIEW)


def redirect_target(*, path: str) -> str | None:
    """Where a moved address lives now: an item's old address, or any address under it.

    A renamed publication's documents (/publications/<old>/documents/<id>/) follow it too.
    None while the item it leads to is not public (a draft, scheduled, taken down, deleted), so
    the old address answers 404 and never reveals the new one; it comes back when the item does.
    """
    prefixes = [path[: index + 1] for index, char in enumerate(path) if char == "/" and index]
    if not path.endswith("/"):
        prefixes.append(path)
    found = (
        Redirect.objects.filter(old_path__in=prefixes)
        .order_by(Length("old_path").desc())
        .values_list("old_path", "new_path", "target_type", "target_id")
        .first()
    )
    if found is None:
        return None
    old_path, new_path, target_type, target_id = found
    if target_type is not None and not _is_public(target_type, target_id):
        return None
    return new_path + path[len(old_path) :]


def _is_public(content_type_id: int, pk: int) -> bool:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None or not issubclass(model, Publishable):
        return False
    return model.objects.published().filter(pk=pk).exists()
