"""The promise is counted in working days: weekends and England and Wales bank holidays skipped."""

from datetime import date

import pytest

from formats.working_days import is_working_day, working_days_after, working_days_before


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 2), 10, date(2026, 11, 16)),  # Monday: two weeks on
        (date(2026, 11, 6), 1, date(2026, 11, 9)),  # Friday: the next is Monday
        (date(2026, 11, 7), 1, date(2026, 11, 9)),  # Saturday too
        # Christmas Day (Fri), Boxing Day observed (Mon 28) and New Year's Day are skipped.
        (date(2026, 12, 21), 10, date(2027, 1, 7)),
        # Good Friday 26 March 2027 and Easter Monday 29 March.
        (date(2027, 3, 22), 10, date(2027, 4, 7)),
    ],
)
def test_working_days_after(start, days, expected):
    assert working_days_after(start, days) == expected


def test_working_days_before_undoes_after():
    for start in (date(2026, 12, 21), date(2027, 3, 22), date(2026, 11, 2)):
        assert working_days_before(working_days_after(start, 10), 10) == start


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 8, 31))  # summer bank holiday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day, observed
    assert not is_working_day(date(2026, 11, 8))  # Sunday
    assert is_working_day(date(2026, 11, 30))  # St Andrew's Day: Scotland's, not England's
