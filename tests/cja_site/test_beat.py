"""Two `celery beat` processes started by mistake: every periodic job still runs once."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

from tests.notifications.outbox_harness import wait_until

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parents[2]


class Beats:
    def __init__(self, tmp_path: Path):
        self.queue = f"beat-test-{uuid.uuid4().hex[:8]}"
        self.redis = redis.Redis.from_url(os.environ["REDIS_URL"])
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.beat_settings",
            "BEAT_TEST_QUEUE": self.queue,
            "CELERY_REDBEAT_KEY_PREFIX": f"redbeat:{self.queue}:",
            "CELERY_REDBEAT_LOCK_TIMEOUT": "3",
        }
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        number = len(self.processes)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cja_site",
                "beat",
                "--loglevel=INFO",
                f"--schedule={self.tmp_path / f'schedule-{number}'}",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=(self.tmp_path / f"beat-{number}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def log(self, number: int) -> str:
        return (self.tmp_path / f"beat-{number}.log").read_text()

    def sent(self) -> int:
        """How many "tick" jobs the beats have put in the queue."""
        messages = [json.loads(raw) for raw in self.redis.lrange(self.queue, 0, -1)]
        return sum(
            1 for m in messages if m["headers"]["task"] == "notifications.tasks.sweep_outbox"
        )

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.redis.delete(self.queue)
        for key in self.redis.scan_iter(f"redbeat:{self.queue}:*"):
            self.redis.delete(key)


@pytest.fixture
def beats(tmp_path):
    started = Beats(tmp_path)
    yield started
    started.stop()


def test_two_beats_send_each_job_once(beats):
    first = beats.start()
    wait_until(lambda: "Acquired lock" in beats.log(0), timeout=60, what="the first beat's lock")
    beats.start()
    wait_until(lambda: beats.sent() >= 2, timeout=30, what="the first ticks")

    before, started = beats.sent(), time.monotonic()
    time.sleep(6)
    ticks, seconds = beats.sent() - before, time.monotonic() - started
    # A job due every second, sent by one beat: about one a second, never two.
    assert ticks <= seconds + 2, (ticks, seconds)
    assert "Acquired lock" not in beats.log(1)

    assert first.poll() is None  # the first still holds the lock, and sends
