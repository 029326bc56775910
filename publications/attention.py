from publishing.attention import review_date_check
from sitewide.attention import AttentionCheck

from .models import Publication


def checks() -> list[AttentionCheck]:
    return [review_date_check(Publication)]
