"""Real parts for the outbox's fault tests and benchmark: an SMTP sink in a thread, and a
`celery worker` in a subprocess of its own (so that it can be killed like a real one)."""

import asyncio
import contextlib
import email
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from aiosmtpd.controller import Controller

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


class SmtpSink:
    """An SMTP server on a free loopback port that keeps what it receives.

    While `hold` is set, it stalls after the first recipient, before the message is sent:
    a worker killed then has not delivered anything.
    """

    def __init__(self):
        # aiosmtpd logs every SMTP command at INFO.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.port = free_port()
        self.messages: list[email.message.Message] = []
        self.connections: Counter = Counter()  # messages per client connection (its port)
        self.recipient_seen = threading.Event()
        self.hold = False
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        self.recipient_seen.set()
        deadline = time.monotonic() + 60
        while self.hold and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content))
            self.connections[session.peer] += 1
        return "250 Message accepted for delivery"

    def keys(self) -> Counter:
        with self._lock:
            return Counter(message["X-Outbox-Key"] for message in self.messages)

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc):
        self.hold = False
        self._controller.stop()


def database_url(db: dict) -> str:
    """A DATABASE_URL for Django's DATABASES entry `db` (PostgreSQL)."""
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class CeleryWorker:
    """`celery -A cja_site worker` in its own process group, logging to a temporary file."""

    def __init__(self, *, env: dict[str, str], concurrency: int = 1, queue: str = "celery"):
        self.env = {**os.environ, **env}
        self.concurrency = concurrency
        self.queue = queue
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix="celery-worker-", suffix=".log", delete=False
        )

    def start(self) -> "CeleryWorker":
        command = [
            sys.executable, "-m", "celery", "-A", "cja_site", "worker",
            f"--concurrency={self.concurrency}", "--loglevel=INFO", f"--queues={self.queue}",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            f"--hostname=outbox-test-{os.getpid()}-{time.monotonic_ns()}@%h",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_ready(self, timeout: float = 30) -> None:
        def ready():
            assert self.process.poll() is None, f"the worker exited:\n{self.output()}"
            return " ready." in self.output()

        wait_until(ready, timeout=timeout, what="the Celery worker to start", interval=0.1)

    def kill(self) -> None:
        """SIGKILL the whole process group: the main process and its pool, as a crash would."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def close(self) -> None:
        self.kill()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)
