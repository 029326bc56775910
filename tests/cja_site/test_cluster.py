"""Two app servers behind HAProxy, with the production settings, PostgreSQL, Redis and object
storage: one stops mid-run and no request fails; a file, a session and the page cache are shared."""

import io
import os
import re

import pytest
import requests
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.files.storage import storages
from django.db import connection
from PIL import Image

from publications.models import Publication
from tests.cluster import Cluster, bounded_load, haproxy_binary
from tests.expert_group.factories import MembershipFactory
from tests.factories import PASSWORD, UserFactory, verified
from tests.notifications.outbox_harness import database_url
from tests.publications.factories import PublicationFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cluster(object_storage, s3_server):
    if haproxy_binary() is None:
        reason = "needs HAProxy (apt-get install haproxy)"
        if os.environ.get("CJA_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    env = {
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": os.environ["REDIS_URL"],
        **s3_server.environment(**object_storage),
    }
    started = Cluster(env=env).start()
    yield started
    started.stop()


def test_one_server_stops_mid_run_and_no_request_fails(cluster):
    publication = PublicationFactory(title="A briefing on restorative justice")
    paths = ["/", "/publications/", publication.get_absolute_url(), "/healthz"]
    result = bounded_load(
        cluster.url, paths, requests=600, clients=4, during=lambda: cluster.stop_server(0)
    )
    assert result.sent == 600
    assert result.failed == 0, (result.failures[:5], cluster.logs())
    assert cluster.processes[0].poll() is not None  # it really stopped


def signed_in(server_url: str, email: str) -> requests.Session:
    session = requests.Session()
    page = session.get(server_url + "/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        server_url + "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
        headers={"Referer": server_url + "/accounts/login/"},
        timeout=10,
    )
    assert answer.status_code == 200 and "/expert-group/" in answer.url, answer.text[-3000:]
    return session


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_session_and_a_file_made_on_one_server_work_on_the_other(cluster):
    member = MembershipFactory(user=verified(UserFactory(full_name="Mina Member")))
    # Hashed as production hashes passwords (the tests' own hasher is a fast one).
    hasher = Argon2PasswordHasher()
    member.user.password = hasher.encode(PASSWORD, hasher.salt())
    member.user.save(update_fields=["password"])
    first, second = cluster.server_url(0), cluster.server_url(1)
    browser = signed_in(first, member.user.email)

    profile = browser.get(first + "/expert-group/members/profile/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', profile.text).group(1)
    saved = browser.post(
        first + "/expert-group/members/profile/",
        data={"csrfmiddlewaretoken": token, "full_name": "Mina Member", "photo_alt": "Mina"},
        files={"photo": ("me.png", png("teal"), "image/png")},
        headers={"Referer": first + "/expert-group/members/profile/"},
        timeout=20,
    )
    assert saved.status_code == 200 and "Your profile has been saved." in saved.text
    member.refresh_from_db()
    assert member.photo and storages["private"].exists(member.photo.name)  # in the bucket

    # The same browser, on the other server: still signed in, and the photo is there.
    dashboard = browser.get(second + "/expert-group/members/", timeout=10)
    assert dashboard.status_code == 200 and "/accounts/login/" not in dashboard.url
    photo = browser.get(second + f"/expert-group/photos/{member.pk}/", timeout=10)
    assert photo.status_code == 200
    with storages["private"].open(member.photo.name, "rb") as stored:
        assert photo.content == stored.read()
    assert Image.open(io.BytesIO(photo.content)).size == (40, 40)


def test_the_page_cache_is_shared(cluster):
    publication = PublicationFactory(title="Before the change")
    first, second = cluster.server_url(0), cluster.server_url(1)
    assert "Before the change" in requests.get(first + "/publications/", timeout=10).text
    # Changed behind the site's back (no save signal): only a shared cache still says "Before".
    Publication.objects.filter(pk=publication.pk).update(title="After the change")
    assert "Before the change" in requests.get(second + "/publications/", timeout=10).text
