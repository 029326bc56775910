"""Loading the ONS postcode directory (ONSPD or NSPL) into the slim Postcode table.

A postcode listed twice is refused (the ONS lists each once). The file is streamed, never held in memory. On PostgreSQL the rows are COPYed into a fresh
table, which gets its primary key and then replaces the live one in a short transaction, so a
quarterly re-run leaves lookups working throughout. Elsewhere (SQLite in development) the table
is emptied and refilled in batches.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import IntegrityError, connection, transaction

from .geography import postcode_normalise
from .models import Postcode

# Older releases name the columns plainly; newer ones add the boundaries' year (pfa23cd).
COLUMNS = {
    "postcode": ("pcds",),
    "terminated": ("doterm",),
    "pfa": ("pfa", r"pfa\d\dcd"),
    "lad": ("oslaua", "laua", r"lad\d\dcd"),
    "country": ("ctry", r"ctry\d\dcd"),
}
BATCH = 5000


class PostcodeFileError(Exception):
    pass


@contextmanager
def _open_csv(path: Path) -> Iterator[io.TextIOBase]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            # The release's data file: the biggest CSV in the archive (not the documentation's).
            members = [
                info for info in archive.infolist() if info.filename.lower().endswith(".csv")
            ]
            if not members:
                raise PostcodeFileError(f"{path.name} holds no CSV file")
            member = max(members, key=lambda info: info.file_size)
            with archive.open(member) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    else:
        with path.open(encoding="utf-8-sig", newline="") as file:
            yield file


def _column_indexes(header: list[str]) -> dict[str, int]:
    names = [name.strip().lower() for name in header]
    indexes = {}
    for field, patterns in COLUMNS.items():
        matches = sorted(
            (name for name in names if any(re.fullmatch(p, name) for p in patterns)), reverse=True
        )  # the newest boundaries' year first
        if not matches:
            raise PostcodeFileError(f"no column for {field} (looked for {', '.join(patterns)})")
        indexes[field] = names.index(matches[0])
    return indexes


def postcode_rows(path: Path) -> Iterator[tuple[str, str, str, str, bool]]:
    """(postcode, pfa, lad, country, terminated) for each usable row of the file."""
    with _open_csv(path) as file:
        reader = csv.reader(file)
        try:
            header = next(reader)
        except StopIteration:
            raise PostcodeFileError(f"{path.name} is empty") from None
        at = _column_indexes(header)
        postcode_at, pfa_at, lad_at = at["postcode"], at["pfa"], at["lad"]
        country_at, term_at = at["country"], at["terminated"]
        width = max(at.values()) + 1
        for row in reader:
            if len(row) < width:
                continue
            postcode = postcode_normalise(row[postcode_at])
            if postcode is None:
                continue
            yield (
                postcode,
                _code(row[pfa_at]),
                _code(row[lad_at]),
                _code(row[country_at]),
                bool(row[term_at].strip()),
            )


def _code(value: str) -> str:
    """An ONS code (E23000001), or "" for anything malformed."""
    value = value.strip()
    return value if len(value) <= 9 and value.isascii() and value.isalnum() else ""


def postcode_line_count(path: Path) -> int:
    """How many data lines the file has (a quick pass, for a progress bar's total)."""
    with _open_csv(path) as file:
        return max(sum(1 for _ in file) - 1, 0)


def _counting(rows, advance, every: int = 10_000):
    pending = 0
    for row in rows:
        yield row
        pending += 1
        if pending == every:
            advance(pending)
            pending = 0
    advance(pending)


def postcodes_import(*, path: Path, advance=None) -> int:
    """Replace the Postcode table with the file's rows; returns how many were loaded.
    `advance(n)`, if given, is told of every n rows read."""
    rows = postcode_rows(path)
    if advance is not None:
        rows = _counting(rows, advance)
    if connection.vendor == "postgresql":
        return _import_postgresql(rows)
    try:
        return _import_batched(rows)
    except IntegrityError:
        raise PostcodeFileError("the file lists a postcode twice") from None


def _import_batched(rows) -> int:
    with transaction.atomic():
        Postcode.objects.all().delete()
        batch = []
        for postcode, pfa, lad, country, terminated in rows:
            batch.append(
                Postcode(
                    postcode=postcode, pfa=pfa, lad=lad, country=country, terminated=terminated
                )
            )
            if len(batch) >= BATCH:
                Postcode.objects.bulk_create(batch)
                batch = []
        Postcode.objects.bulk_create(batch)
    return Postcode.objects.count()


def _import_postgresql(rows) -> int:
    table = Postcode._meta.db_table
    staging = f"{table}_staging"
    with connection.cursor() as cursor:
        pk_name = _primary_key_name(cursor, table)
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        # No index while loading: the primary key is built once, at the end.
        cursor.execute(f"CREATE TABLE {staging} (LIKE {table} INCLUDING DEFAULTS)")
        columns = "postcode, pfa, lad, country, terminated"
        counted = [0]
        with cursor.connection.cursor().copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
            # COPY's text format, a chunk at a time: the values are letters and digits only.
            for chunk in _chunks(rows, counted):
                copy.write(chunk)
        try:
            with transaction.atomic():
                cursor.execute(
                    f"ALTER TABLE {staging} ADD CONSTRAINT {staging}_pk PRIMARY KEY (postcode)"
                )
        except IntegrityError:
            cursor.execute(f"DROP TABLE {staging}")
            raise PostcodeFileError("the file lists a postcode twice") from None
        with transaction.atomic():
            cursor.execute(f"DROP TABLE {table}")
            cursor.execute(f"ALTER TABLE {staging} RENAME TO {table}")
            cursor.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {staging}_pk TO {pk_name}")
        cursor.execute(f"ANALYZE {table}")
        return counted[0]


def _chunks(rows, counted: list[int], size: int = 20_000) -> Iterator[str]:
    lines = []
    for postcode, pfa, lad, country, terminated in rows:
        lines.append(f"{postcode}\t{pfa}\t{lad}\t{country}\t{'t' if terminated else 'f'}\n")
        if len(lines) >= size:
            counted[0] += len(lines)
            yield "".join(lines)
            lines = []
    counted[0] += len(lines)
    yield "".join(lines)


def _primary_key_name(cursor, table: str) -> str:
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
        [table],
    )
    found = cursor.fetchone()
    return found[0] if found else f"{table}_pkey"
