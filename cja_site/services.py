from .models import Redirect


def redirect_record(*, old_path: str, new_path: str) -> Redirect | None:
    """Leave a permanent redirect from an item's old address to its new one.

    Earlier redirects to the old address are pointed straight at the new one (no chains), and a
    redirect away from the new address is removed, since the address is in use again.
    """
    if old_path == new_path:
        return None
    Redirect.objects.filter(old_path=new_path).delete()
    Redirect.objects.filter(new_path=old_path).update(new_path=new_path)
    redirect, _ = Redirect.objects.update_or_create(
        old_path=old_path, defaults={"new_path": new_path}
    )
    return redirect
