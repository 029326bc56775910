import re

import pytest

from notifications.models import Email


@pytest.fixture
def invitation_link():
    """The accept link in the newest invitation email, as a path."""

    def find(email_address: str) -> str:
        emails = Email.objects.filter(key__startswith="expert-group-invitation-").order_by("-pk")
        email = next(email for email in emails if email_address in email.to)
        match = re.search(r"https?://[^/\s]+(/expert-group/invitations/[^/\s]+/)", email.text_body)
        assert match, email.text_body
        return match.group(1)

    return find
