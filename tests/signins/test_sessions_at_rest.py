"""No usable session key at rest: a dump of the database (dumpdata and pg_dump) and of the cache
(Redis key names and values) holds nothing that works as a session cookie, while the real
cookies still sign their owners in."""

import io
import os
import re
import subprocess
from importlib import import_module

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from signins.models import SignIn
from tests.expert_group.factories import PASSWORD, MembershipFactory, verified
from tests.factories import staff_user, totp_code

pytestmark = pytest.mark.django_db(transaction=True)

# Anything that could be a session key: Django's accept 8 characters or more.
TOKEN = re.compile(rb"[A-Za-z0-9_\-]{8,128}")
ADMIN = reverse("admin:index")
PROFILE = reverse("expert_group:profile")


def signed_in_superuser() -> Client:
    staff = staff_user()
    browser = Client()
    browser.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    browser.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert browser.get(ADMIN).status_code == 200
    return browser


def signed_in_member() -> Client:
    membership = MembershipFactory()
    verified(membership.user)
    browser = Client()
    browser.post(reverse("account_login"), {"login": membership.email, "password": PASSWORD})
    assert browser.get(PROFILE).status_code == 200
    return browser


def database_dumps() -> list[bytes]:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dumps = [out.getvalue().encode()]
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
        command = ["pg_dump", "--data-only", "-h", db["HOST"], "-p", str(db["PORT"] or 5432)]
        command += ["-U", db["USER"], db["NAME"]]
        dumps.append(subprocess.run(command, env=env, capture_output=True, check=True).stdout)
    return dumps


def cache_dump() -> list[bytes]:
    """Every key name and stored value of the cache, as bytes."""
    backend = cache._cache
    if hasattr(backend, "get_client"):  # Redis
        client = backend.get_client()
        keys = list(client.scan_iter(count=1000))
        return keys + [client.dump(key) or b"" for key in keys]
    return [key.encode() for key in backend] + list(backend.values())  # local memory


def tokens_in(dumps: list[bytes]) -> set[str]:
    return {token.decode() for dump in dumps for token in TOKEN.findall(dump)}


def signs_in(session_key: str) -> bool:
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return "_auth_user_id" in store.load()


def test_nothing_in_a_dump_of_the_database_or_cache_works_as_a_session_cookie():
    superuser, member = signed_in_superuser(), signed_in_member()
    cookies = [
        browser.cookies[settings.SESSION_COOKIE_NAME].value for browser in (superuser, member)
    ]
    assert SignIn.objects.count() == 2

    dumps = database_dumps() + cache_dump()
    found = tokens_in(dumps)
    assert len(found) > 100, "the dump holds the sessions' rows"
    for cookie in cookies:
        assert all(cookie.encode() not in dump for dump in dumps)

    usable = {token for token in found if signs_in(token)}
    assert usable == set()

    # The stored names themselves, replayed as cookies against the admin and the members' area.
    stored = [row["session_key"] for row in connection_sessions()]
    assert len(stored) == 2
    for name in stored:
        replay = Client()
        replay.cookies[settings.SESSION_COOKIE_NAME] = name
        assert replay.get(ADMIN).status_code == 302
        assert replay.get(PROFILE).status_code == 302

    # While the real cookies still work: the test can tell a usable key.
    assert all(signs_in(cookie) for cookie in cookies)
    assert superuser.get(ADMIN).status_code == 200
    assert member.get(PROFILE).status_code == 200


def connection_sessions() -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_key FROM django_session")
        return [{"session_key": row[0]} for row in cursor.fetchall()]


def test_signing_out_and_exit_this_page_remove_the_sign_in():
    member = signed_in_member()
    user = SignIn.objects.get().user
    member.post(reverse("account_logout"))
    assert not SignIn.objects.filter(user=user).exists()

    member.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert SignIn.objects.filter(user=user).count() == 1
    member.get(reverse("exit_page:exit"))
    assert not SignIn.objects.filter(user=user).exists()
    assert member.get(PROFILE).status_code == 302


def test_the_list_shows_live_sessions_only_and_ends_the_others():
    member = signed_in_member()
    user = SignIn.objects.get().user
    other = Client(HTTP_USER_AGENT="Other browser")
    other.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    gone = Client(HTTP_USER_AGENT="Forgotten browser")
    gone.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    # A session that ended without signing out (expired, cleared) drops off the list.
    import_module(settings.SESSION_ENGINE).SessionStore(
        gone.cookies[settings.SESSION_COOKIE_NAME].value
    ).delete()

    page = member.get(reverse("signins:list")).content.decode()
    assert "Other browser" in page
    assert "Forgotten browser" not in page
    assert SignIn.objects.filter(user=user).count() == 2

    assert member.post(reverse("signins:list")).status_code == 302
    assert other.get(PROFILE).status_code == 302
    assert member.get(PROFILE).status_code == 200
    assert SignIn.objects.filter(user=user).count() == 1
