"""The service directory's postcode table at full size: how fast `import_postcodes` loads a
2.7-million-row file in the ONS Postcode Directory's format (target: 50,000 rows/s or more),
and how long a postcode takes to resolve to an area (target: p95 within 5 ms).

Needs DATABASE_URL (PostgreSQL). It migrates that database, replaces its postcode table with
synthetic rows, and empties the table afterwards. The CSV is generated in a temporary folder.
"""

import csv
import itertools
import os
import random
import statistics
import string
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_POSTCODE_ROWS", 2_700_000))
LOOKUPS = 2000
HEADER = [
    "pcd",
    "pcd2",
    "pcds",
    "dointr",
    "doterm",
    "oscty",
    "ced",
    "oslaua",
    "osward",
    "parish",
    "usertype",
    "oseast1m",
    "osnrth1m",
    "osgrdind",
    "oshlthau",
    "nhser",
    "ctry",
    "rgn",
    "streg",
    "pcon",
    "eer",
    "teclec",
    "ttwa",
    "pct",
    "itl",
    "statsward",
    "oa01",
    "casward",
    "npark",
    "lsoa01",
    "msoa01",
    "ur01ind",
    "oac01",
    "oa11",
    "lsoa11",
    "msoa11",
    "wz11",
    "sicbl",
    "bua22",
    "ru11ind",
    "oac11",
    "lat",
    "long",
    "lep1",
    "lep2",
    "pfa",
    "imd",
    "calncv",
    "icb",
    "oa21",
    "lsoa21",
    "msoa21",
]


def run() -> str:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        return "skipped: needs DATABASE_URL (PostgreSQL) set and running"

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cja_site.settings")
    django.setup()
    from django.core.management import call_command

    from directory.models import Postcode

    call_command("migrate", verbosity=0, interactive=False)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ONSPD_BENCH_UK.csv"
        started = time.perf_counter()
        postcodes = _write_file(path)
        generated = time.perf_counter() - started
        size = path.stat().st_size / 1e6
        try:
            lines = [f"generated {ROWS:,} rows ({size:,.0f} MB) in {generated:.1f} s"]
            lines.append(_import(path))
            lines.append(_lookups(random.Random(7).sample(postcodes, LOOKUPS)))
        finally:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {Postcode._meta.db_table}")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines.append(f"(load average during the run: {load} on {os.cpu_count()} CPUs)")
    return "\n".join(lines)


def _postcodes():
    letters = string.ascii_uppercase
    units = [a + b for a in "ABDEFGHJLNPQRSTUWXYZ" for b in "ABDEFGHJLNPQRSTUWXYZ"]
    for area, district, sector in itertools.product(
        (a + b for a in letters for b in letters), range(1, 100), range(10)
    ):
        for unit in units:
            yield f"{area}{district} {sector}{unit}"


def _write_file(path: Path) -> list[str]:
    """Rows shaped like the real release: every column, quoted, most of them empty."""
    from directory.geography import police_force_area_tiles

    forces = [tile.gss_code for tile in police_force_area_tiles()]
    rng = random.Random(42)
    kept, every = [], max(1, ROWS // (LOOKUPS * 2))
    blank = [""] * len(HEADER)
    at = {name: index for index, name in enumerate(HEADER)}
    with path.open("w", newline="") as file:
        writer = csv.writer(file, quoting=csv.QUOTE_ALL)
        writer.writerow(HEADER)
        for number, pcds in enumerate(itertools.islice(_postcodes(), ROWS)):
            row = blank.copy()
            force = forces[number % len(forces)]
            row[at["pcds"]] = pcds
            row[at["pcd"]] = pcds
            row[at["dointr"]] = "198001"
            row[at["doterm"]] = "201001" if rng.random() < 0.2 else ""
            row[at["oslaua"]] = f"E0{7000000 + number % 300}"
            row[at["ctry"]] = "W92000004" if force.startswith("W") else "E92000001"
            row[at["pfa"]] = force
            row[at["lat"]], row[at["long"]] = "51.500000", "-0.100000"
            writer.writerow(row)
            if number % every == 0:
                kept.append(pcds)
    return kept


def _import(path: Path) -> str:
    from directory.postcodes import postcodes_import

    started = time.perf_counter()
    count = postcodes_import(path=path)
    seconds = time.perf_counter() - started
    return (
        f"import_postcodes: {count:,} rows in {seconds:.1f} s = {count / seconds:,.0f} rows/s "
        "(target ≥ 50,000)"
    )


def _lookups(postcodes: list[str]) -> str:
    from django.db import connection

    from directory.geography import postcode_normalise
    from directory.selectors import postcode_resolve

    connection.ensure_connection()
    for postcode in postcodes[:200]:  # warm up: the connection, and the index's upper pages
        postcode_resolve(postcode=postcode_normalise(postcode))
    timings = []
    for postcode in postcodes:
        started = time.perf_counter()
        postcode_resolve(postcode=postcode_normalise(postcode))
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95)]
    return (
        f"postcode → area ({len(timings):,} lookups, table of {ROWS:,}): p50 {p50:.2f} ms, "
        f"p95 {p95:.2f} ms, max {timings[-1]:.2f} ms (target p95 ≤ 5 ms)\n"
        + _server_side(postcodes[:500])
    )


def _server_side(postcodes: list[str]) -> str:
    """The same query's execution time inside PostgreSQL, free of this process's scheduling."""
    from django.db import connection

    from directory.geography import postcode_normalise
    from directory.selectors import postcode_lookup_queryset

    timings = []
    with connection.cursor() as cursor:
        for postcode in postcodes:
            queryset = postcode_lookup_queryset(postcode=postcode_normalise(postcode))
            sql, params = queryset[:1].query.sql_with_params()
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            timings.append(cursor.fetchone()[0][0]["Execution Time"])
    timings.sort()
    p95 = timings[int(len(timings) * 0.95)]
    return f"  the same query inside PostgreSQL: p95 {p95:.3f} ms"
