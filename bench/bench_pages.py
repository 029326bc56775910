"""Requests per second for real pages, each as a share of a bare Django's, served by gunicorn.

Serves the site with DEBUG off (PostgreSQL when DATABASE_URL is set, in a separate
`<name>_bench` database; otherwise a SQLite file under var/bench/), on loopback only, and next
to it the bench's ceiling: a bare Django project (`bench/bare/`: no apps, three middleware, one
static 10 KB page) on the same gunicorn command line. A small bounded load generator drives
each for a few seconds at a time, interleaved (bare, page, bare, page…), so every figure is
compared with the ceiling measured just before it. Then `bench.growth` loads more content and
shows what it costs (time and queries per page).
"""

import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.pages import PUBLIC_PAGES

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
SECONDS_PER_PAGE = float(os.environ.get("BENCH_SECONDS", "3"))
# Each figure and its bare ceiling take turns in this many slices of the seconds above.
SLICES = 4
# The machine is shared: each page is measured in every round and its best round is kept.
ROUNDS = 2
CLIENT_PROCESSES = 2
THREADS_PER_PROCESS = 4
WORKERS, THREADS = 2, 4


# Every request comes from a browser, as a visitor's does: a request without a User-Agent is
# taken for a bot, and not counted (readership/).
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"}
# The home page again, from a visitor who asks not to be counted: what counting costs a hit.
NOT_COUNTED = "home, not counted (Sec-GPC)"

BARE_LABEL = "bare Django (bench/bare: no apps, 3 middleware, static 10 KB)"
BARE_SETTINGS = "bench.bare.settings"


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}"
    # A database of its own, so 10,000 bench rows never land in the configured one.
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench"
    import psycopg

    admin_url = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def bench_environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cja_site.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(BENCH_DIR / "static"),
        "MEDIA_ROOT": str(BENCH_DIR / "media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=600,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict, port: int, ready_path: str) -> subprocess.Popen:
    """The same command line for the site and the bare ceiling; the settings module in the
    environment picks which is served."""
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "cja_site.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--worker-class=gthread",
            f"--threads={THREADS}",
            "--keep-alive=5",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", ready_path)
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start within 30 seconds")


def _client_thread(port: int, path: str, headers: dict, deadline: float, counts: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    ok = failed = 0
    while time.monotonic() < deadline:
        try:
            connection.request("GET", path, headers={**BROWSER, **headers})
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                ok += 1
            else:
                failed += 1
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        except (OSError, http.client.HTTPException):
            failed += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.close()
    counts.append((ok, failed))


def _client_process(port: int, path: str, headers: dict, seconds: float) -> tuple[int, int]:
    deadline = time.monotonic() + seconds
    counts: list = []
    threads = [
        threading.Thread(target=_client_thread, args=(port, path, headers, deadline, counts))
        for _ in range(THREADS_PER_PROCESS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


def served(
    pool: ProcessPoolExecutor, port: int, path: str, headers: dict
) -> tuple[int, int, float]:
    """(answered, failed, seconds) for one slice of load on one path."""
    started = time.monotonic()
    futures = [
        pool.submit(_client_process, port, path, headers, SECONDS_PER_PAGE / SLICES)
        for _ in range(CLIENT_PROCESSES)
    ]
    results = [future.result() for future in futures]
    elapsed = time.monotonic() - started
    return sum(r[0] for r in results), sum(r[1] for r in results), elapsed


def alternated(
    pool: ProcessPoolExecutor, bare_port: int, port: int, path: str, headers: dict
) -> tuple[float, float, int]:
    """The page's and the bare ceiling's rates over the same stretch of time: short slices of
    each in turn (bare, page, bare, page…), so a burst of other work on the machine weighs on
    both alike. Returns (page req/s, bare req/s, page errors)."""
    _client_process(bare_port, "/", {}, 0.3)  # warm up: opens connections
    _client_process(port, path, headers, 0.5)  # and fills the page cache
    page = [0, 0, 0.0]
    bare = [0, 0, 0.0]
    for _ in range(SLICES):
        for totals, slice_port, slice_path, slice_headers in (
            (bare, bare_port, "/", {}),
            (page, port, path, headers),
        ):
            answered, failed, seconds = served(pool, slice_port, slice_path, slice_headers)
            totals[0] += answered
            totals[1] += failed
            totals[2] += seconds
    return page[0] / page[2], bare[0] / bare[2], page[1]


def site_pages(env: dict) -> tuple[list, str]:
    """The pages to measure and a signed-in member's session key, from the bench database."""
    listed = subprocess.run(
        [str(BIN / "python"), "-m", "bench.pages"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = json.loads(listed.stdout.strip().splitlines()[-1])
    return found["pages"], found["session"]


def columns_for(label: str, session_key: str) -> list[tuple[str, dict]]:
    """A public page anonymously (from the page cache) and afresh, with a session cookie that
    matches no session (as a visitor whose session expired gets it); a member's page signed in."""
    if label == NOT_COUNTED:
        return [("cached", {"Sec-GPC": "1"})]
    if label in {name for name, _, is_public in PUBLIC_PAGES if is_public}:
        stale = {"Cookie": f"sessionid={secrets.token_hex(16)}"}
        return [("cached", {}), ("fresh", stale)]
    return [("fresh", {"Cookie": f"sessionid={session_key}"})]


def measure(env: dict, pages: list, session_key: str) -> tuple[dict, list]:
    """Every figure right after the bare ceiling, measured on its own gunicorn in the same run:
    a figure's ratio is to the bare rate just before it. The round with the best ratio is kept,
    since the machine may be busy with something else."""
    site_port, bare_port = free_port(), free_port()
    site = start_gunicorn(env, site_port, "/")
    bare_server = start_gunicorn({**env, "DJANGO_SETTINGS_MODULE": BARE_SETTINGS}, bare_port, "/")
    best: dict = {}
    bare_rates: list = []
    try:
        with ProcessPoolExecutor(CLIENT_PROCESSES) as pool:
            for _ in range(ROUNDS):
                for label, path in pages:
                    for column, headers in columns_for(label, session_key):
                        rate, bare, errors = alternated(pool, bare_port, site_port, path, headers)
                        bare_rates.append(bare)
                        ratio = rate / bare
                        if (label, column) not in best or ratio > best[(label, column)][1]:
                            best[(label, column)] = (rate, ratio, errors, bare)
        return best, bare_rates
    finally:
        for server in (site, bare_server):
            server.terminate()
            server.wait(timeout=30)


def table(pages: list, results: dict) -> list[str]:
    lines = [
        f"  {'page':<30} {'anonymous, from the page cache':>33}"
        f" {'afresh (stale cookie / signed in)':>33}",
        f"  {'':<30} {'req/s':>7} {'vs bare':>8} {'(bare)':>8} {'errors':>7}"
        f" {'req/s':>7} {'vs bare':>8} {'(bare)':>8} {'errors':>7}",
    ]
    for label, _ in pages:
        cells = []
        for column in ("cached", "fresh"):
            if (label, column) in results:
                rate, ratio, errors, bare = results[(label, column)]
                cells.append(f"{rate:>7.0f} {ratio:>8.3f} {bare:>8.0f} {errors:>7}")
            else:
                cells.append(f"{'(private: never cached)':>33}")
        lines.append(f"  {label:<30} {cells[0]} {cells[1]}")
    return lines


def counting_cost(results: dict) -> str:
    counted, not_counted = results[("home", "cached")][1], results[(NOT_COUNTED, "cached")][1]
    return (
        f"counting reads costs a page-cache hit {(1 - counted / not_counted) * 100:+.1f} % "
        "(home against home with Sec-GPC: 1, each as a share of its bare ceiling)"
    )


def run() -> str:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database_url = bench_database_url()
    env = bench_environment(database_url)
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    manage(env, "load_demo_content")

    pages, session_key = site_pages(env)
    pages.insert(1, (NOT_COUNTED, "/"))
    results, bare_rates = measure(env, pages, session_key)

    vendor = urlsplit(database_url).scheme
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"gunicorn {WORKERS} workers x {THREADS} threads, DEBUG off, database {vendor}, "
        f"cache {'redis' if os.environ.get('REDIS_URL') else 'local memory'}; "
        f"{CLIENT_PROCESSES * THREADS_PER_PROCESS} concurrent keep-alive clients, "
        f"best of {ROUNDS} rounds of {SECONDS_PER_PAGE:g} s per figure, "
        f"in {SLICES} slices alternating with the bare ceiling, loopback",
        f"{BARE_LABEL}: {min(bare_rates):.0f} to {max(bare_rates):.0f} req/s "
        f"(median {statistics.median(bare_rates):.0f}); each figure is compared with the bare "
        "ceiling measured in the slices between its own (the bare column)",
        *table(pages, results),
        counting_cost(results),
        f"(load average at the end: {load} on {os.cpu_count()} CPUs)",
        *growth(env),
    ]
    return "\n".join(lines)


def growth(env: dict) -> list[str]:
    if os.environ.get("BENCH_GROWTH", "1") == "0":
        return []
    report = subprocess.run(
        [str(BIN / "python"), "-m", "bench.growth"],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": "testserver,127.0.0.1"},
        check=True,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return report.stdout.rstrip().splitlines()
