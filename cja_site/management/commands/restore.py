from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cja_site.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into an empty database and empty storage, then check "
        "every table's row count and every file's checksum against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="The backup's folder.")
        parser.add_argument(
            "--database-url",
            default=None,
            help="PostgreSQL itself, not a pooler (default: DATABASE_DIRECT_URL).",
        )

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
        rows = sum(manifest["database"]["tables"].values())
        files = sum(len(named) for named in manifest["files"].values())
        self.stdout.write(
            f"Restored {len(manifest['database']['tables'])} tables ({rows:,} rows) and "
            f"{files:,} files; every count and checksum matches the backup."
        )
