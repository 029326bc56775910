"""`make bench`: run every benchmark module in this package and print its report.

Each module named `bench_*.py` has a `run() -> str` that measures and returns its report.
Run one alone with `python -m bench NAME` (e.g. `python -m bench pages`).
"""

import importlib
import pkgutil
import sys
from pathlib import Path


def main(selected: list[str]) -> None:
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    )
    if selected:
        names = [name for name in names if name.removeprefix("bench_") in selected]
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name.removeprefix('bench_')} ==", flush=True)
        print(module.run(), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
