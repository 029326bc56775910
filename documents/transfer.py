"""Stored files moved whole between the local disk, buckets and backups, each checked on arrival
by its size and SHA-256."""

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import FileSystemStorage

from .storage import _stored_object, is_object_storage

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Digest:
    size: int
    sha256: str
    md5: str  # what S3 checks a plain upload against (its ETag)


def file_digest(path: Path) -> Digest:
    sha256, md5, size = hashlib.sha256(), hashlib.md5(usedforsecurity=False), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            sha256.update(chunk)
            md5.update(chunk)
            size += len(chunk)
    return Digest(size=size, sha256=sha256.hexdigest(), md5=md5.hexdigest())


def stored_names(storage) -> Iterator[str]:
    """Every file a storage holds, by the name the database gives it."""
    if is_object_storage(storage):
        storage = getattr(storage, "_wrapped", storage)
        prefix = storage._normalize_name("")
        for summary in storage.bucket.objects.filter(Prefix=prefix.lstrip("/")):
            yield summary.key[len(prefix) :] if prefix else summary.key
        return
    root = Path(storage.location)
    if root.exists():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path.relative_to(root).as_posix()


def stored_digest(storage, name: str) -> Digest | None:
    """Size and SHA-256 of a stored file; None if it is not there (or, in a bucket, was not put
    there by `upload_checked`, which records its SHA-256)."""
    if not is_object_storage(storage):
        path = Path(storage.path(name))
        return file_digest(path) if path.is_file() else None
    try:
        stored = _stored_object(storage, name)
    except FileNotFoundError:
        return None
    sha256 = stored.metadata.get("sha256")
    if not sha256:
        return None
    return Digest(size=stored.content_length, sha256=sha256, md5=stored.e_tag.strip('"'))


def upload_checked(storage, name: str, path: Path, digest: Digest) -> None:
    """Put the file at `path` into `storage` under exactly `name` (the database's reference),
    replacing what is there; raises if what arrived differs from what was sent."""
    if is_object_storage(storage):
        bare = getattr(storage, "_wrapped", storage)
        target = bare.bucket.Object(bare._normalize_name(name))
        with path.open("rb") as handle:
            # The server refuses the body unless it matches this checksum.
            target.put(
                Body=handle,
                ContentMD5=base64.b64encode(bytes.fromhex(digest.md5)).decode(),
                Metadata={"sha256": digest.sha256},
            )
    else:
        destination = Path(storage.path(name))
        destination.parent.mkdir(parents=True, exist_ok=True)
        with path.open("rb") as source, destination.open("wb") as out:
            while chunk := source.read(CHUNK):
                out.write(chunk)
    arrived = stored_digest(storage, name)
    if arrived is None or (arrived.size, arrived.sha256) != (digest.size, digest.sha256):
        raise TransferMismatch(f"{name}: what arrived differs from what was sent")


def download_checked(storage, name: str, path: Path) -> Digest:
    """Copy a stored file to `path`; returns its digest, as read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with storage.open(name, "rb") as source, path.open("wb") as out:
        while chunk := source.read(CHUNK):
            out.write(chunk)
    return file_digest(path)


def local_storage(location: Path) -> FileSystemStorage:
    return FileSystemStorage(location=location, base_url=None)


class TransferMismatch(Exception):
    pass
