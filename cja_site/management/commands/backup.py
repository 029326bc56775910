from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cja_site.backups import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write a backup into a new folder: a consistent dump of the database and a copy of "
        "every stored file (public and private), with a manifest of row counts and checksums. "
        "Keep ENCRYPTION_KEYS with the backups, and apart from them."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A new, empty folder for this backup.")
        parser.add_argument(
            "--database-url",
            default=None,
            help="PostgreSQL itself, not a pooler (default: DATABASE_DIRECT_URL).",
        )

    def handle(self, *args, folder: Path, database_url: str | None, **options):
        try:
            manifest = backup_write(
                to=folder,
                database_url=database_url or settings.DATABASE_DIRECT_URL,
                stream=self.stderr._out,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["database"]["tables"].values())
        files = sum(len(named) for named in manifest["files"].values())
        self.stdout.write(
            f"Backed up {len(manifest['database']['tables'])} tables ({rows:,} rows) and "
            f"{files:,} files into {folder}."
        )
