"""Where a fresh render's time goes: `python -m bench.profile_pages [PAGE ...] [--top N] [--sort tottime]`.

Renders each benchmarked page in a test-client loop, as a signed-in member (so the page cache
never answers), under production settings (DEBUG off) against the configured database and cache,
and prints the mean time, the queries per request and the cProfile functions with the most
cumulative time (in CPU time, so a busy machine does not blur it). Run it against a database with the demo content loaded.
"""

import cProfile
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cja_site.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# `make bench` collects the static files here (the manifest storage needs them).
os.environ.setdefault(
    "STATIC_ROOT", str(Path(__file__).resolve().parent.parent / "var/bench/static")
)

REQUESTS = 200


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from bench.pages import bench_pages, member_session_key

    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 25
    order = argv[argv.index("--sort") + 1] if "--sort" in argv else "cumulative"
    options = {"--top", "--sort"}
    wanted = [
        arg
        for index, arg in enumerate(argv)
        if arg not in options and (index == 0 or argv[index - 1] not in options)
    ]
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = member_session_key()
    for label, path in bench_pages():
        if wanted and not any(name in label for name in wanted):
            continue
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        queries: list[str] = []
        with connection.execute_wrapper(_recorder(queries)):
            client.get(path)
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(REQUESTS // 4):
            client.get(path)
        mean_ms = (time.perf_counter() - started) * 1000 / (REQUESTS // 4)
        cpu_ms = (time.process_time() - cpu_started) * 1000 / (REQUESTS // 4)
        # This process's CPU time, not the clock: on a busy machine the clock also counts the
        # time other work held the CPU, and smears it over whatever function was running.
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        for _ in range(REQUESTS // 4):
            client.get(path)
        profile.disable()
        print(
            f"== {label} ({path}): {mean_ms:.2f} ms ({cpu_ms:.2f} ms of CPU), "
            f"{len(queries)} queries",
            flush=True,
        )
        for query in queries:
            print("   ", query[:160])
        stats = pstats.Stats(profile, stream=sys.stdout)
        print("   own time by area:", _areas(stats))
        stats.sort_stats(order).print_stats(top)


AREAS = [
    ("templates", ("django/template/", "django/templatetags/", "/templatetags/", "django/forms/")),
    ("ORM", ("django/db/models/",)),
    ("database driver", ("psycopg", "django/db/backends/")),
    ("cache", ("redis", "django/core/cache/")),
]


def _areas(stats: pstats.Stats) -> str:
    """Own (not cumulative) time per area, as shares of the whole."""
    totals: dict[str, float] = {}
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():
        area = next((name for name, parts in AREAS if any(p in filename for p in parts)), "other")
        totals[area] = totals.get(area, 0.0) + own
    whole = sum(totals.values()) or 1.0
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    return ", ".join(f"{name} {share / whole:.0%}" for name, share in ordered)


def _recorder(queries: list[str]):
    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return record


if __name__ == "__main__":
    main(sys.argv[1:])
