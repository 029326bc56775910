from sitewide.attention import AttentionCheck

from .models import Service
from .selectors import services_check_overdue


def checks() -> list[AttentionCheck]:
    return [
        AttentionCheck(
            Service,
            services_check_overdue,
            "directory entry not checked for six months",
            "directory entries not checked for six months",
            "check=overdue",
            order=60,
        )
    ]
