"""How far a long command has got: on a terminal a live line (done, total, rate, time left);
elsewhere (a log, a cron mail) one summary line at the end."""

import sys
import time
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def progress(*, total: int, what: str, unit: str = "items", stream=None):
    """`with progress(total=n, what="Copying files") as advance: … advance(1)`"""
    stream = stream or sys.stderr
    on_terminal = hasattr(stream, "isatty") and stream.isatty()
    started = time.monotonic()
    done = 0
    bar = tqdm(total=total, desc=what, unit=f" {unit}", file=stream, disable=not on_terminal)

    def advance(count: int = 1) -> None:
        nonlocal done
        done += count
        bar.update(count)

    try:
        yield advance
    finally:
        bar.close()
        if not on_terminal:
            seconds = time.monotonic() - started
            rate = done / seconds if seconds > 0 else 0
            stream.write(
                f"{what}: {done:,} of {total:,} {unit} in {seconds:.1f} s ({rate:,.0f} {unit}/s)\n"
            )
