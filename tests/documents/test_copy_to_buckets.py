"""`manage.py copy_files_to_buckets`: what was on the local disk ends up in the buckets, under the
same names, checked, and a second run copies nothing."""

import io
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from documents.transfer import stored_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    files = {
        ("default", "publications/report.pdf"): b"%PDF-1.4 public\n",
        ("default", "publications/figures.csv"): b"a,b\n1,2\n",
        ("private", "papers/budget.pdf"): b"%PDF-1.4 private\n" * 1000,
    }
    for (alias, name), content in files.items():
        root = settings.MEDIA_ROOT if alias == "default" else settings.PRIVATE_MEDIA_ROOT
        path = Path(root) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return files


def copy(**options) -> str:
    out = io.StringIO()
    call_command("copy_files_to_buckets", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_every_local_file_is_copied_under_its_name_and_a_second_run_copies_none(
    object_storage, local_files
):
    assert "Would copy 3 files" in copy(dry_run=True)
    assert not storages["default"].exists("publications/report.pdf")

    assert "Copied 3 files; 0 files already in the buckets." in copy()
    for (alias, name), content in local_files.items():
        with storages[alias].open(name, "rb") as handle:
            assert handle.read() == content
        assert stored_digest(storages[alias], name).size == len(content)
    assert not storages["default"].exists("papers/budget.pdf")  # private stays private

    assert "Copied 0 files; 3 files already in the buckets." in copy()


def test_a_file_changed_since_the_last_copy_is_copied_again(object_storage, local_files, settings):
    copy()
    (Path(settings.MEDIA_ROOT) / "publications/figures.csv").write_bytes(b"a,b\n3,4\n")
    assert "Copied 1 file; 2 files already in the buckets." in copy()
    with storages["default"].open("publications/figures.csv", "rb") as handle:
        assert handle.read() == b"a,b\n3,4\n"


def test_without_buckets_it_says_what_to_set(local_files):
    with pytest.raises(CommandError, match="S3_PUBLIC_BUCKET"):
        copy()
