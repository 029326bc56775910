"""What a publication's documents add to the checks before publishing (publishing.content_checks)."""

from publishing.content_checks import WARNING, Finding

from .models import Accessibility, Publication


def attachment_findings(item) -> list[Finding]:
    """A PDF found untagged is a warning: it may shut out screen-reader users, but a report
    received from elsewhere must still be publishable. Saved documents only."""
    if not isinstance(item, Publication) or item.pk is None:
        return []
    untagged = item.attachments.filter(file_format="pdf", accessibility=Accessibility.LIMITED)
    return [
        Finding(
            WARNING,
            f"Document “{document.title}”",
            "this PDF is not tagged, so screen readers may not read it in order, or at all.",
            "Ask for a tagged PDF (most word processors export one) and upload it; or add an "
            "accessible alternative format beside it. If you have checked it reads well, set "
            "its accessibility to “Accessible”.",
        )
        for document in untagged.only("title")
    ]
