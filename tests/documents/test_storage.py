"""Public files go to MEDIA_ROOT, private ones to the "private" storage, read from settings."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from documents.storage import private_storage, public_storage
from tests.expert_group.factories import MembershipFactory, PaperFactory
from tests.publications.factories import AttachmentFactory

pytestmark = pytest.mark.django_db


def test_private_files_are_kept_apart_from_public_ones(file_storage):
    paper = PaperFactory()
    membership = MembershipFactory()
    membership.photo.save("me.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    attachment = AttachmentFactory()

    private, public = file_storage / "private", file_storage / "media"
    assert Path(paper.file.path).is_relative_to(private)
    assert Path(membership.photo.path).is_relative_to(private)
    assert Path(attachment.file.path).is_relative_to(public)
    assert paper.file.storage is private_storage()
    assert attachment.file.storage is public_storage()


def test_the_private_storage_follows_a_change_of_settings(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "elsewhere", "base_url": None},
        },
    }
    paper = PaperFactory()
    assert Path(paper.file.path).is_relative_to(tmp_path / "elsewhere")


def test_no_address_under_media_url_serves_a_private_file(client, settings):
    paper = PaperFactory()
    assert client.get(settings.MEDIA_URL + paper.file.name).status_code == 404
