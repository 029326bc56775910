from sitewide.attention import AttentionCheck

from .models import FormatRequest
from .selectors import DUE_SOON_DAYS, format_requests_due_soon, format_requests_open


def checks() -> list[AttentionCheck]:
    return [
        AttentionCheck(
            FormatRequest,
            format_requests_open,
            "format request open",
            "format requests open",
            "status__exact=open",
            order=70,
        ),
        AttentionCheck(
            FormatRequest,
            format_requests_due_soon,
            f"format request due within {DUE_SOON_DAYS} days or overdue",
            f"format requests due within {DUE_SOON_DAYS} days or overdue",
            "due=soon",
            order=80,
        ),
    ]
