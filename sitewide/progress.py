"""How far a long command has got: on a terminal a live line (done, total, rate, time left);
elsewhere (a log, a cron mail) one summary line at the end."""

import sys
import time
from contextlib import contextmanager

from tqdm import tqdm


def is_terminal(stream) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


@contextmanager
def progress(*, total: int | None, what: str, unit: str = "items", stream=None):
    """`with progress(total=n, what="Copying files") as advance: … advance(1)`; a total of None
    when it is not known beforehand."""
    stream = stream or sys.stderr
    on_terminal = is_terminal(stream)
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
            of_total = f" of {total:,}" if total is not None else ""
            stream.write(
                f"{what}: {done:,}{of_total} {unit} in {seconds:.1f} s ({rate:,.0f} {unit}/s)\n"
            )
