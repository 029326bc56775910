from sitewide.attention import AttentionCheck

from .models import Email


def checks() -> list[AttentionCheck]:
    return [
        AttentionCheck(
            Email,
            lambda: Email.objects.filter(status=Email.Status.FAILED),
            "email failed to send",
            "emails failed to send",
            "status__exact=failed",
            order=20,
        )
    ]
