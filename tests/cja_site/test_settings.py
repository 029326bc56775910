"""The settings module: the embedded default, and production behaviour under DEBUG=false."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-key-that-is-long-enough-and-random-4f9c2b7e1d8a6c3b5e0f",
    "ALLOWED_HOSTS": "www.example.org.uk",
    "SITE_URL": "https://www.example.org.uk",
    "EMAIL_URL": "smtp+tls://user:secret@smtp.example.org:587",
    "DEFAULT_FROM_EMAIL": "CJA <noreply@example.org.uk>",
}


def run_manage(*args, env):
    base = {
        k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "DATABASE_URL", "REDIS_URL")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_the_development_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "production refuses to start with the development key" in result.stderr


def test_check_deploy_is_clean_in_production():
    # The cache on a Redis of its own (none listens there: the check only compares addresses).
    env = {**PRODUCTION_ENV, "CACHE_URL": "redis://127.0.0.1:6390/0"}
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_is_clean_on_plain_http_loopback():
    env = {**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false"}
    env["REDIS_URL"] = ""  # no Redis at all: the database cache, shared by every process
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_console_email_in_production_is_reported():
    result = run_manage("check", "--deploy", env={**PRODUCTION_ENV, "EMAIL_URL": "consolemail://"})
    assert "mail.E001" in result.stdout + result.stderr


def test_embedded_default_needs_no_environment():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
        "s.CELERY_TASK_ALWAYS_EAGER, s.MAILERS['default']['BACKEND'], s.PASSWORD_HASHERS[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "cja_site.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "True",
        "notifications.backends.ReadableConsoleBackend",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


def test_the_cache_can_have_a_redis_of_its_own():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['LOCATION'], s.CELERY_BROKER_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "cja_site.settings",
            "REDIS_URL": "redis://broker.internal:6379/0",
            "CACHE_URL": "redis://cache.internal:6379/0",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "redis://cache.internal:6379/0",
        "redis://broker.internal:6379/0",
    ]


def test_without_redis_production_caches_are_shared_through_the_database():
    env = {**PRODUCTION_ENV, "REDIS_URL": ""}
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(*sorted({c['BACKEND'] for c in s.CACHES.values()}))"
    )
    result = run_manage("shell", "-v", "0", "-c", script, env=env)
    assert result.stdout.split() == ["django.core.cache.backends.db.DatabaseCache"], result.stderr


def test_only_redis_url_puts_the_page_cache_in_the_next_database():
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/4", "CACHE_URL": ""}
    env.pop("CACHE_URL")
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['LOCATION'], s.CACHES['pages']['LOCATION'])"
    )
    result = run_manage("shell", "-v", "0", "-c", script, env=env)
    assert result.stdout.split() == ["redis://127.0.0.1:6379/4", "redis://127.0.0.1:6379/5"]


def test_one_variable_readies_the_database_settings_for_pgbouncer():
    script = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d.get('DISABLE_SERVER_SIDE_CURSORS'), d['OPTIONS'].get('prepare_threshold', 'unset'))"
    )
    env = {"DATABASE_URL": "postgres://cja@127.0.0.1:6432/cja"}
    plain = run_manage("shell", "-c", script, env=env)
    pooled = run_manage("shell", "-c", script, env={**env, "DATABASE_TRANSACTION_POOLER": "true"})
    assert plain.stdout.splitlines()[-1].split() == ["None", "unset"], plain.stderr
    assert pooled.stdout.splitlines()[-1].split() == ["True", "None"], pooled.stderr
