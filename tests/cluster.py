"""Two app servers behind a real load balancer, for the tests and `make bench`: gunicorn with the
production settings on two loopback ports, HAProxy (Debian's package) in front with a health
check, and a bounded load that counts what failed."""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# What the servers take from the environment they are started in, beside their own settings.
PASSED_ON = ("PATH", "HOME", "LANG", "DATABASE_TRANSACTION_POOLER")
SECRET_KEY = "a-cluster-test-secret-key-that-is-long-enough-and-random-7d1e9c4b2a6f"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )


def _wait_for(url: str, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer 200 within {timeout} s")
        time.sleep(0.2)


HAPROXY_CONFIG = """
global
    maxconn 512

defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    # A request a server dropped (it stopped mid-answer, or refused the connection) is tried
    # again on the other one: only idempotent requests are retried this way.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout

frontend site
    bind 127.0.0.1:{port}
    default_backend app

backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    default-server check inter 500ms fall 2 rise 2
{servers}
"""


@dataclass
class Cluster:
    """Start with `env`: the site's environment (DATABASE_URL, REDIS_URL, S3_…)."""

    env: dict[str, str]
    servers: int = 2
    workers: int = 2
    lb_port: int = field(default_factory=free_port)
    ports: list[int] = field(default_factory=list)
    processes: list[subprocess.Popen] = field(default_factory=list)
    haproxy: subprocess.Popen | None = None
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cja-cluster-")))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.lb_port}"

    def server_url(self, number: int) -> str:
        return f"http://127.0.0.1:{self.ports[number]}"

    def site_environment(self) -> dict[str, str]:
        return {
            **{k: v for k, v in os.environ.items() if k in PASSED_ON},
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.url,
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "EMAIL_URL": "smtp://127.0.0.1:1",
            "DEFAULT_FROM_EMAIL": "CJA <noreply@example.org>",
            # Production serves hashed static files from a manifest: collected for this cluster.
            "STATIC_ROOT": str(self.directory / "static"),
            **self.env,
        }

    def start(self) -> "Cluster":
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=BASE_DIR,
            env=self.site_environment(),
            check=True,
            capture_output=True,
        )
        self.ports = [free_port() for _ in range(self.servers)]
        for number, port in enumerate(self.ports):
            log = (self.directory / f"gunicorn-{number}.log").open("w")
            self.processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "cja_site.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(self.workers),
                        "--graceful-timeout",
                        "5",
                    ],
                    cwd=BASE_DIR,
                    env=self.site_environment(),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        for number in range(self.servers):
            _wait_for(self.server_url(number) + "/healthz", timeout=90)
        servers = "\n".join(
            f"    server app{number} 127.0.0.1:{port}" for number, port in enumerate(self.ports)
        )
        config = self.directory / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(port=self.lb_port, servers=servers))
        self.haproxy = subprocess.Popen(
            [haproxy_binary(), "-f", str(config), "-db"],
            stdout=(self.directory / "haproxy.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        _wait_for(self.url + "/healthz", timeout=30)
        return self

    def stop_server(self, number: int, *, sig=signal.SIGKILL) -> None:
        """Stop one app server, all its workers at once (SIGKILL: as a crashed machine)."""
        os.killpg(self.processes[number].pid, sig)
        self.processes[number].wait(timeout=30)

    def stop(self) -> None:
        if self.haproxy is not None and self.haproxy.poll() is None:
            self.haproxy.terminate()
            self.haproxy.wait(timeout=10)
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(self.directory, ignore_errors=True)

    def logs(self) -> str:
        return "\n".join(
            f"== {path.name}\n{path.read_text()[-3000:]}" for path in self.directory.glob("*.log")
        )


@dataclass
class LoadResult:
    sent: int
    failed: int
    seconds: float
    failures: list[str]

    @property
    def per_second(self) -> float:
        return self.sent / self.seconds if self.seconds else 0.0


def bounded_load(
    base_url: str, paths: list[str], *, requests: int, clients: int = 4, during=None
) -> LoadResult:
    """Send `requests` GETs over `clients` threads (and never more, nor for longer than a
    minute); `during(sent)` is called once a third of them have gone out."""
    lock = threading.Lock()
    counts = {"sent": 0, "failed": 0}
    failures: list[str] = []
    third_reached = threading.Event()
    deadline = time.monotonic() + 60

    def client(offset: int) -> None:
        position = offset
        while time.monotonic() < deadline:
            with lock:
                if counts["sent"] >= requests:
                    return
                counts["sent"] += 1
                if counts["sent"] >= requests // 3:
                    third_reached.set()
            path = paths[position % len(paths)]
            position += 1
            try:
                with urllib.request.urlopen(base_url + path, timeout=10) as answer:
                    answer.read()
                    ok = answer.status == 200
            except (OSError, urllib.error.URLError, http.client.HTTPException) as error:
                # HTTPException: an answer cut short (IncompleteRead) is a failed request too.
                ok, answer = False, error
            if not ok:
                with lock:
                    counts["failed"] += 1
                    failures.append(f"{path}: {answer}")

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    if during is not None:
        third_reached.wait(timeout=60)
        during()
    for thread in threads:
        thread.join()
    return LoadResult(counts["sent"], counts["failed"], time.monotonic() - started, failures)
