from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from documents.storage import is_object_storage
from documents.transfer import (
    TransferMismatch,
    file_digest,
    local_storage,
    stored_digest,
    stored_names,
    upload_checked,
)
from sitewide.progress import progress


class Command(BaseCommand):
    help = (
        "Copy the files kept on the local disk (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) into the "
        "object storage buckets, under the same names. Safe to repeat: a file already there "
        "with the same size and SHA-256 is left alone; every copy is checked on arrival."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be copied.")

    def handle(self, *args, dry_run: bool, **options):
        sources = {
            "default": Path(settings.MEDIA_ROOT),
            "private": Path(settings.PRIVATE_MEDIA_ROOT),
        }
        for alias in sources:
            if not is_object_storage(storages[alias]):
                raise CommandError(
                    "No bucket is configured: set S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET "
                    "(and the S3_ variables beside them) first."
                )
        work = [
            (alias, name, local_storage(root))
            for alias, root in sources.items()
            for name in stored_names(local_storage(root))
        ]
        copied, present = 0, 0
        with progress(total=len(work), what="Copying files", unit="files") as advance:
            for alias, name, source in work:
                path = Path(source.path(name))
                digest = file_digest(path)
                arrived = stored_digest(storages[alias], name)
                if arrived is not None and (arrived.size, arrived.sha256) == (
                    digest.size,
                    digest.sha256,
                ):
                    present += 1
                elif not dry_run:
                    try:
                        upload_checked(storages[alias], name, path, digest)
                    except TransferMismatch as error:
                        raise CommandError(str(error)) from None
                    copied += 1
                else:
                    copied += 1
                advance()
        verb = "Would copy" if dry_run else "Copied"
        self.stdout.write(f"{verb} {_files(copied)}; {_files(present)} already in the buckets.")


def _files(count: int) -> str:
    return f"{count:,} file" if count == 1 else f"{count:,} files"
