from sitewide.attention import AttentionCheck

from .models import ContactMessage


def checks() -> list[AttentionCheck]:
    return [
        AttentionCheck(
            ContactMessage,
            lambda: ContactMessage.objects.filter(handled_at__isnull=True),
            "contact message not yet handled",
            "contact messages not yet handled",
            "handled_at__isempty=1",
            order=10,
        )
    ]
