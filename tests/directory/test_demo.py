import pytest
from django.core.management import call_command

from directory.models import Service

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
