"""Working days in England and Wales: Monday to Friday, less bank holidays.

The bank holidays come from the `holidays` package's calendar (computed, no network), so a
promised date never lands on Christmas or an Easter Monday.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=16)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_after(start: date, days: int) -> date:
    """The date `days` working days after `start` (which itself is not counted)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        days -= is_working_day(day)
    return day


def working_days_before(end: date, days: int) -> date:
    """The date `days` working days before `end`."""
    day = end
    while days > 0:
        day -= timedelta(days=1)
        days -= is_working_day(day)
    return day
