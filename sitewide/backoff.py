"""How long a task waits before trying again: exponential backoff with full jitter."""

import random
from datetime import timedelta


def retry_delay(attempts: int, *, base_seconds: float, cap_seconds: float = 3600) -> timedelta:
    """After `attempts` failures: up to base, twice base, four times base… capped at `cap_seconds`,
    half of it fixed and half random, so that many failures do not all come back at once."""
    ceiling = min(base_seconds * 2 ** (attempts - 1), cap_seconds)
    return timedelta(seconds=ceiling / 2 + random.uniform(0, ceiling / 2))
