import pytest
from django.core.management import call_command

from directory.models import Postcode, Service
from directory.postcodes import postcodes_import

pytestmark = pytest.mark.django_db


def test_demo_has_fictional_services_across_areas_and_a_national_one(demo_content, client):
    services = Service.objects.published()
    assert services.count() >= 5
    assert services.filter(national=True).count() == 1
    assert services.filter(national=False).values("areas").distinct().count() >= 4
    assert all(service.is_demo for service in services)
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Service.objects.count() == services.count()


def test_the_briefing_and_the_campaign_link_to_the_map(demo_content, client):
    for url in [
        "/publications/a-journey-of-learning-growth-and-change/",
        "/campaigns/national-action-plan-for-restorative-justice/",
    ]:
        assert 'href="/find-restorative-justice/map/"' in client.get(url).content.decode(), url
    html = client.get("/find-restorative-justice/map/").content.decode()
    assert 'aria-label="WY 1: West Yorkshire, 1 local service"' in html
    assert 'aria-label="MP 1: Metropolitan Police, 1 local service"' in html


DEMO_POSTCODES = [
    # typed as a visitor would, where the demo's real extract of the ONSPD sends it
    ("SW1A 1AA", "/find-restorative-justice/area/E23000001/", "Metropolitan Police"),
    ("se1 2dl", "/find-restorative-justice/area/E09000028/", "Southwark"),
    ("M1 1AD", "/find-restorative-justice/area/E23000005/", "Greater Manchester"),
    ("LS1 1UR", "/find-restorative-justice/area/E23000010/", "West Yorkshire"),
    ("CF10 3ND", "/find-restorative-justice/area/W15000003/", "South Wales"),
    ("EH1 1YZ", "/find-restorative-justice/look-elsewhere/scotland/", "Scotland"),
    ("BT1 5GS", "/find-restorative-justice/look-elsewhere/northern-ireland/", "Northern Ireland"),
    (
        "JE2 4WD",
        "/find-restorative-justice/look-elsewhere/channel-islands-and-isle-of-man/",
        "the Channel Islands and the Isle of Man",
    ),
    (
        "IM1 1AD",
        "/find-restorative-justice/look-elsewhere/channel-islands-and-isle-of-man/",
        "the Channel Islands and the Isle of Man",
    ),
    (
        "SE1 9ZZ",
        "/find-restorative-justice/look-elsewhere/postcode-no-longer-used/",
        "That postcode is no longer used",
    ),
    (
        "AB1 0AA",
        "/find-restorative-justice/look-elsewhere/postcode-no-longer-used/",
        "That postcode is no longer used",
    ),
]


@pytest.mark.parametrize(("typed", "location", "heading"), DEMO_POSTCODES)
def test_the_demo_finds_real_postcodes(demo_content, client, typed, location, heading):
    response = client.post("/find-restorative-justice/find/", {"postcode": typed})
    assert response.status_code == 303
    assert response["Location"] == location
    page = client.get(location)
    assert page.status_code == 200
    assert f"{heading}</h1>" in page.content.decode()


def test_the_demo_keeps_a_full_postcode_directory_already_imported(demo_content, onspd_sample):
    loaded = postcodes_import(path=onspd_sample)
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # the sample is bigger than the demo's extract, so it stands for a full release here
    assert Postcode.objects.count() == loaded
    assert not Postcode.objects.filter(postcode="SE12DL").exists()
