"""Where documents are kept: public files in the default storage, private ones apart, on the
local disk or in S3-compatible buckets (settings.STORAGES).

Private files (meeting papers, members' photos) are never under MEDIA_URL: only a view that
checks access serves them. Both storages are looked up from settings.STORAGES when first used,
and again after a change of that setting (as tests make), so a field keeps no stale copy.
"""

import io

from botocore.exceptions import ClientError
from django.core.files.storage import Storage, default_storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


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


def is_object_storage(storage) -> bool:
    """Whether `storage` keeps its files in an S3-compatible bucket (django-storages)."""
    return isinstance(getattr(storage, "_wrapped", storage), S3Storage)


def _stored_object(storage, name: str):
    """The bucket's object for `name`; FileNotFoundError if there is none, as on a disk."""
    storage = getattr(storage, "_wrapped", storage)
    stored = storage.bucket.Object(storage._normalize_name(clean_name(name)))
    try:
        stored.load()
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            raise FileNotFoundError(name) from error
        raise
    return stored


class RangedObjectReader(io.RawIOBase):
    """A stored object read in byte ranges: seek and read anywhere without fetching the whole
    object (django-storages' own file downloads all of it before the first read)."""

    def __init__(self, stored_object, name: str):
        self._object = stored_object
        self.name = name
        self.size = stored_object.content_length
        self.position = 0
        self.bytes_fetched = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        start = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = max(start + offset, 0)
        return self.position

    def readinto(self, buffer) -> int:
        wanted = min(len(buffer), self.size - self.position)
        if wanted <= 0:
            return 0
        last = self.position + wanted - 1
        data = self._object.get(Range=f"bytes={self.position}-{last}")["Body"].read()
        buffer[: len(data)] = data
        self.position += len(data)
        self.bytes_fetched += len(data)
        return len(data)


# Reads come in 64 KiB ranges: a sniffer's few small reads cost a request or two each.
RANGE_BYTES = 64 * 1024


def open_for_sniffing(storage, name: str):
    """A stored file opened for a bounded look: seekable, reading only what is read."""
    if not is_object_storage(storage):
        return storage.open(name, "rb")
    raw = RangedObjectReader(_stored_object(storage, name), name)
    return io.BufferedReader(raw, buffer_size=RANGE_BYTES)


def open_for_streaming(storage, name: str):
    """A stored file opened to be sent on as it arrives, never held whole in memory or on disk."""
    if not is_object_storage(storage):
        return storage.open(name, "rb")
    return _stored_object(storage, name).get()["Body"]
