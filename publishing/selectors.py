from django.db.models.functions import Length

from .models import Redirect


def redirect_target(*, path: str) -> str | None:
    """Where a moved address lives now: an item's old address, or any address under it.

    A renamed publication's documents (/publications/<old>/documents/<id>/) follow it too.
    """
    prefixes = [path[: index + 1] for index, char in enumerate(path) if char == "/" and index]
    if not path.endswith("/"):
        prefixes.append(path)
    found = (
        Redirect.objects.filter(old_path__in=prefixes)
        .order_by(Length("old_path").desc())
        .values_list("old_path", "new_path")
        .first()
    )
    if found is None:
        return None
    old_path, new_path = found
    return new_path + path[len(old_path) :]
