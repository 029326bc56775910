"""When the government owes a response.

- A consultation: within 12 weeks of closing (Cabinet Office, Consultation Principles).
- A select committee report: within two months of publication (the Osmotherly Rules and the
  Commons Liaison Committee's expectation).
"""

import calendar
import datetime

CONSULTATION_RESPONSE_WEEKS = 12
COMMITTEE_RESPONSE_MONTHS = 2


def consultation_response_due(closed_on: datetime.date) -> datetime.date:
    return closed_on + datetime.timedelta(weeks=CONSULTATION_RESPONSE_WEEKS)


def committee_response_due(published_on: datetime.date) -> datetime.date:
    """Two calendar months on; 31 December → 28 (or 29) February."""
    month_index = published_on.month - 1 + COMMITTEE_RESPONSE_MONTHS
    year, month = published_on.year + month_index // 12, month_index % 12 + 1
    day = min(published_on.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def days_overdue(due_on: datetime.date | None, *, today: datetime.date) -> int:
    """Days past the due date; 0 on the day itself and before (it is due *by* that day)."""
    if due_on is None:
        return 0
    return max((today - due_on).days, 0)
