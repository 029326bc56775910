from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cja_site.backups import BackupError, add_backup_arguments, backup_write, manifest_summary


class Command(BaseCommand):
    help = (
        "Write a backup into a new folder: a consistent dump of the database and a copy of "
        "every stored file (public and private), with a manifest of row counts and checksums. "
        "Keep ENCRYPTION_KEYS with the backups, and apart from them."
    )

    def add_arguments(self, parser):
        add_backup_arguments(parser, folder_help="A new, empty folder for this backup.")

    def handle(self, *args, folder: Path, database_url: str | None, **options):
        try:
            manifest = backup_write(
                to=folder,
                database_url=database_url or settings.DATABASE_DIRECT_URL,
                stream=self.stderr._out,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up {manifest_summary(manifest)} into {folder}.")
