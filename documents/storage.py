"""Where documents are kept: public files in the default storage, private ones apart.

Private files (meeting papers, members' photos) are never under MEDIA_URL: only a view that
checks access serves them. Both storages are looked up from settings.STORAGES when first used,
and again after a change of that setting (as tests make), so a field keeps no stale copy.
"""

from django.core.files.storage import Storage, default_storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage() -> Storage:
    """settings.STORAGES["private"]: for a model field's `storage=`, as a callable so migrations
    name this function rather than a folder."""
    return _private


def public_storage() -> Storage:
    """settings.STORAGES["default"], served under MEDIA_URL or streamed by public views."""
    return default_storage
