import re

import pytest
from django.core import mail


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://www.example.org.uk"


def emails_to(address):
    return [message for message in mail.outbox if address in message.to]


def link_in(message, name):
    """The first https link to /updates/<name>/… in an email's text."""
    match = re.search(rf"https://\S+/updates/{name}/[^/\s]+/", message.body)
    assert match, f"no {name} link in:\n{message.body}"
    return match.group(0)


def path_of(url):
    return url.removeprefix("https://www.example.org.uk")
