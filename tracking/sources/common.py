import datetime

from django.utils.dateparse import parse_date, parse_datetime


def as_date(value) -> datetime.date | None:
    """A date from the APIs' ISO strings ("2021-09-14", "2021-09-14T00:00:00", "…+01:00")."""
    if not value or not isinstance(value, str):
        return None
    moment = parse_datetime(value)
    if moment is not None:
        return moment.date()
    return parse_date(value[:10])


def event(*, key, kind, title, date, url="", text="", link_text="") -> dict:
    return {
        "key": key,
        "kind": kind,
        "title": title[:200],
        "date": date.isoformat(),
        "url": url,
        "text": text,
        "link_text": link_text[:150],
    }
