"""Backups that restore: a consistent dump of the database and a copy of every stored file, with
a manifest of what they hold (each table's row count, each file's size and SHA-256), so a
restore can prove it brought everything back.

The files are not encrypted here; the sealed emails and second factors in the database are, with
ENCRYPTION_KEYS. Keep those keys with the backups, and apart from them.
"""

import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection, transaction

from documents.transfer import download_checked, file_digest, stored_names, upload_checked
from sitewide.progress import progress

MANIFEST = "manifest.json"
DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
STORAGE_ALIASES = ("default", "private")


class BackupError(Exception):
    pass


def add_backup_arguments(parser, *, folder_help: str) -> None:
    """What `backup` and `restore` both take: the backup's folder, and PostgreSQL's address."""
    parser.add_argument("folder", type=Path, help=folder_help)
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL itself, not a pooler (default: DATABASE_DIRECT_URL).",
    )


def manifest_summary(manifest: dict) -> str:
    """What a backup holds, in words: 12 tables (3,456 rows) and 7 files."""
    tables = manifest["database"]["tables"]
    files = sum(len(named) for named in manifest["files"].values())
    return f"{len(tables)} tables ({sum(tables.values()):,} rows) and {files:,} files"


def _tables(cursor) -> list[str]:
    return sorted(connection.introspection.table_names(cursor))


def _row_counts(cursor, tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def backup_write(*, to: Path, database_url: str, stream=None) -> dict:
    """Write a backup into the empty folder `to`; returns its manifest."""
    to.mkdir(parents=True, exist_ok=True)
    if any(to.iterdir()):
        raise BackupError(f"{to} is not empty: give a new folder for each backup.")
    manifest = {
        "created": datetime.now(UTC).isoformat(),
        "database": _database_dump(to, database_url),
    }
    manifest["files"] = _files_copy(to / "files", stream=stream)
    (to / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def _database_dump(to: Path, database_url: str) -> dict:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            counts = _row_counts(cursor, _tables(cursor))
        target = sqlite3.connect(to / SQLITE_COPY)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return {"vendor": "sqlite", "tables": counts}
    # One snapshot for the counts and the dump, so the two describe the same moment.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _row_counts(cursor, _tables(cursor))
        dump = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
        _run([*dump, f"--snapshot={snapshot}", f"--file={to / DUMP}"], database_url=database_url)
    return {"vendor": "postgresql", "tables": counts}


def _files_copy(to: Path, *, stream) -> dict:
    names = {alias: list(stored_names(storages[alias])) for alias in STORAGE_ALIASES}
    total = sum(len(found) for found in names.values())
    copied: dict[str, dict] = {alias: {} for alias in STORAGE_ALIASES}
    with progress(total=total, what="Copying stored files", unit="files", stream=stream) as advance:
        for alias, found in names.items():
            for name in found:
                digest = download_checked(storages[alias], name, to / alias / name)
                copied[alias][name] = {"size": digest.size, "sha256": digest.sha256}
                advance()
    return copied


def backup_restore(*, source: Path, database_url: str, stream=None) -> dict:
    """Restore the backup in `source` into an empty database and empty storages; raises
    BackupError unless every table's row count and every file's checksum comes back."""
    manifest = json.loads((source / MANIFEST).read_text())
    with connection.cursor() as cursor:
        if _tables(cursor):
            raise BackupError("The database is not empty: restore into a new, empty database.")
    for alias in STORAGE_ALIASES:
        if next(iter(stored_names(storages[alias])), None) is not None:
            raise BackupError(f"The {alias} storage is not empty: restore into empty storage.")
    _database_restore(source, manifest["database"], database_url)
    _files_restore(source / "files", manifest["files"], stream=stream)
    with connection.cursor() as cursor:
        found = _row_counts(cursor, list(manifest["database"]["tables"]))
    if found != manifest["database"]["tables"]:
        differ = sorted(t for t in found if found[t] != manifest["database"]["tables"][t])
        raise BackupError(f"Row counts differ after the restore: {', '.join(differ)}")
    return manifest


def _database_restore(source: Path, database: dict, database_url: str) -> None:
    if database["vendor"] != connection.vendor:
        raise BackupError(f"This backup is of a {database['vendor']} database.")
    if connection.vendor == "sqlite":
        connection.close()
        shutil.copyfile(source / SQLITE_COPY, settings.DATABASES["default"]["NAME"])
        return
    connection.close()
    restore = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    _run([*restore, str(source / DUMP)], database_url=database_url)


def _files_restore(source: Path, files: dict, *, stream) -> None:
    total = sum(len(named) for named in files.values())
    with progress(
        total=total, what="Restoring stored files", unit="files", stream=stream
    ) as advance:
        for alias, named in files.items():
            for name, expected in named.items():
                path = source / alias / name
                digest = file_digest(path)
                if (digest.size, digest.sha256) != (expected["size"], expected["sha256"]):
                    raise BackupError(f"The backup's copy of {name} is damaged.")
                upload_checked(storages[alias], name, path, digest)
                advance()


def _run(command: list[str], *, database_url: str) -> None:
    """Run a PostgreSQL client; its password goes in the environment, never on a command line
    that any process on the machine can read."""
    parts = urlsplit(database_url)
    bare = parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]).geturl()
    user = parts.username or ""
    env = {**os.environ, "PGUSER": unquote(user), "PGPASSWORD": unquote(parts.password or "")}
    result = subprocess.run(  # noqa: S603 - our own arguments
        [*command, f"--dbname={bare}"], capture_output=True, text=True, check=False, env=env
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")
