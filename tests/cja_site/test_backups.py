"""The restore drill: a backup of the database and of both buckets, restored into an empty
database and empty buckets, brings back every table's rows and every file, byte for byte."""

import hashlib
import io
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from documents.transfer import stored_names
from tests.expert_group.factories import MembershipFactory, PaperFactory
from tests.notifications.outbox_harness import database_url
from tests.publications.factories import AttachmentFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def direct(url: str) -> str:
    """`url` on PostgreSQL itself (DATABASE_DIRECT_URL's host and port), not through a pooler."""
    server = urlsplit(os.environ.get("DATABASE_DIRECT_URL") or url)
    return urlunsplit(urlsplit(url)._replace(netloc=server.netloc))


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as database:
        tables = [
            row[0]
            for row in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        count = sql.SQL("SELECT COUNT(*) FROM {}")
        return {t: database.execute(count.format(sql.Identifier(t))).fetchone()[0] for t in tables}


def checksums(alias_buckets: dict[str, str], s3_server) -> dict[tuple[str, str], str]:
    client = s3_server.client()
    found = {}
    for alias, bucket in alias_buckets.items():
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            body = client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            found[(alias, item["Key"])] = hashlib.sha256(body).hexdigest()
    return found


@pytest.fixture
def empty_database():
    url = direct(database_url(connection.settings_dict))
    name = f"cja_restore_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_every_row_and_every_file(
    object_storage, s3_server, empty_database, tmp_path
):
    AttachmentFactory.create_batch(3)
    PaperFactory.create_batch(2)
    MembershipFactory.create_batch(2)
    source_url = direct(database_url(connection.settings_dict))
    source_rows = row_counts(source_url)
    source_files = checksums(
        {"default": object_storage["public_bucket"], "private": object_storage["private_bucket"]},
        s3_server,
    )
    assert len(source_files) == 5

    out = io.StringIO()
    call_command("backup", tmp_path / "backup", database_url=source_url, stdout=out)
    assert "5 files" in out.getvalue()

    new_buckets = {
        "public_bucket": s3_server.new_bucket("restored-public"),
        "private_bucket": s3_server.new_bucket("restored-private"),
    }
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME")},
        "DATABASE_URL": empty_database,
        **s3_server.environment(**new_buckets),
    }
    restored = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert restored.returncode == 0, restored.stderr
    assert "every count and checksum matches" in restored.stdout
    assert "Restoring stored files: 5 of 5 files" in restored.stderr  # a summary off a terminal

    assert row_counts(empty_database) == source_rows
    restored_files = checksums(
        {"default": new_buckets["public_bucket"], "private": new_buckets["private_bucket"]},
        s3_server,
    )
    assert restored_files == source_files


def test_a_restore_refuses_a_database_that_is_not_empty(object_storage, tmp_path):
    AttachmentFactory()
    url = direct(database_url(connection.settings_dict))
    call_command("backup", tmp_path / "backup", database_url=url, stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", tmp_path / "backup", database_url=url, stdout=io.StringIO())
    assert list(stored_names(storages["default"]))  # nothing was touched


def test_a_backup_needs_a_new_folder(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", tmp_path / "old", stdout=io.StringIO())
