"""A postcode is resolved to an area and dropped: never in an address, a log line or the
database. Every outcome still leads somewhere useful."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Area, Postcode
from directory.views import find as find_view
from tests.directory.factories import AreaFactory, ServiceFactory

pytestmark = pytest.mark.django_db

FIND = "/find-restorative-justice/find/"


def find(client, postcode: str):
    return client.post(FIND, {"postcode": postcode})


@pytest.mark.parametrize("typed", ["LS1 1UR", "ls11ur", "  Ls1   1ur "])
def test_a_postcode_redirects_to_its_police_force_area(client, postcodes, typed):
    response = find(client, typed)
    assert response.status_code == 303
    assert response["Location"] == "/find-restorative-justice/area/E23000010/"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    page = client.get(response["Location"])
    assert "Restorative justice in West Yorkshire" in page.content.decode()


def test_a_district_with_its_own_entry_gets_the_district_page(client, postcodes):
    westminster = AreaFactory(
        gss_code="E09000033", name="Westminster", police_force_area=Area.objects.get(
            gss_code="E23000001"),
    )  # fmt: skip
    ServiceFactory(areas=[westminster])
    assert find(client, "SW1A 1AA")["Location"] == "/find-restorative-justice/area/E09000033/"
    # A postcode elsewhere in the force area goes to the force area's page.
    assert find(client, "N1 9GU")["Location"] == "/find-restorative-justice/area/E23000001/"


def test_the_postcode_never_reaches_an_address_a_log_or_the_database(client, postcodes, caplog):
    caplog.set_level(logging.DEBUG)
    rows_before = Postcode.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = find(client, "CF10 1EP")
        followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert "CF10" not in response["Location"]
    assert all(query["sql"].lstrip("( ").upper().startswith("SELECT") for query in queries)
    assert Postcode.objects.count() == rows_before
    logged = " ".join(record.getMessage() for record in caplog.records) + caplog.text
    assert "CF10" not in logged.upper().replace(" ", "")
    # And the page itself does not repeat it.
    assert "CF10" not in followed.content.decode()


def test_a_mistyped_postcode_is_never_logged_either(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = find(client, "QQ99 ZZZZ")
    assert response.status_code == 400
    assert "Enter a full postcode, like SW1A 1AA" in response.content.decode()
    assert "QQ99" not in caplog.text
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("typed", ["", "\x00", "SW1A\x001AA", "1" * 500, "ÅÅ1 1AA"])
def test_bad_input_is_a_clear_400(client, typed):
    response = find(client, typed)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_the_postcode_is_never_sent_in_an_address_get_is_refused(client):
    assert client.get(FIND + "?postcode=LS11UR").status_code == 405


@pytest.mark.parametrize(
    ("postcode", "page", "says"),
    [
        ("LS1 9ZZ", "postcode-no-longer-used", "That postcode is no longer used"),
        ("EH1 1YZ", "scotland", "Restorative justice in Scotland"),
        ("BT1 5GS", "northern-ireland", "Restorative justice in Northern Ireland"),
        ("JE2 4WD", "channel-islands-and-isle-of-man", "Jersey, Guernsey and the Isle of Man"),
        ("IM1 1AG", "channel-islands-and-isle-of-man", "Jersey, Guernsey and the Isle of Man"),
    ],
)
def test_postcodes_the_directory_does_not_cover_say_where_to_look(
    client, postcodes, postcode, page, says
):
    response = find(client, postcode)
    assert response.status_code == 303
    assert response["Location"] == f"/find-restorative-justice/look-elsewhere/{page}/"
    assert says in client.get(response["Location"]).content.decode()


def test_an_unknown_postcode_falls_back_to_the_list_of_areas(client, postcodes):
    response = find(client, "ZZ1 1ZZ")
    assert response["Location"] == "/find-restorative-justice/choose-your-area/?not-found=1"
    html = client.get(response["Location"]).content.decode()
    assert "We could not find that postcode" in html
    assert 'href="/find-restorative-justice/area/E23000036/">Avon and Somerset</a>' in html


def test_with_no_postcode_table_imported_the_list_still_works(client):
    assert not Postcode.objects.exists()
    response = find(client, "LS1 1UR")
    assert response["Location"] == "/find-restorative-justice/choose-your-area/?not-found=1"
    html = client.get(response["Location"]).content.decode()
    assert html.count('href="/find-restorative-justice/area/') == 43


def test_an_error_report_would_hide_the_postcode(rf, postcodes):
    from django.views.debug import SafeExceptionReporterFilter

    request = rf.post(FIND, {"postcode": "LS1 1UR"})
    find_view(request)
    hidden = SafeExceptionReporterFilter().get_post_parameters(request)
    assert "LS1" not in str(hidden["postcode"])
