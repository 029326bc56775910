from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cja_site.backups import BackupError, add_backup_arguments, backup_restore, manifest_summary


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into an empty database and empty storage, then check "
        "every table's row count and every file's checksum against the backup's manifest."
    )

    def add_arguments(self, parser):
        add_backup_arguments(parser, folder_help="The backup's folder.")

    def handle(self, *args, folder: Path, database_url: str | None, **options):
        if not (folder / "manifest.json").is_file():
            raise CommandError(f"No backup in {folder}: it has no manifest.json.")
        try:
            manifest = backup_restore(
                source=folder,
                database_url=database_url or settings.DATABASE_DIRECT_URL,
                stream=self.stderr._out,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {manifest_summary(manifest)}; every count and checksum matches the backup."
        )
