import datetime

import pytest
from django.utils import timezone

from directory.geography import police_force_area_tiles
from directory.models import Area, Service
from publishing.models import Status
from tests.caches import every_cache_cleared
from tests.directory.conftest import area
from tests.directory.factories import AreaFactory, ServiceFactory

pytestmark = pytest.mark.django_db

HOME = "/find-restorative-justice/"
WEST_YORKSHIRE = "/find-restorative-justice/area/E23000010/"


def test_the_43_police_force_areas_are_loaded_with_their_ons_codes():
    areas = Area.objects.filter(kind=Area.Kind.POLICE_FORCE_AREA)
    assert areas.count() == 43
    assert areas.filter(gss_code__startswith="E23").count() == 39
    assert areas.filter(gss_code__startswith="W15").count() == 4
    assert area("E23000001").name == "Metropolitan Police"
    assert area("W15000004").name == "Dyfed-Powys"


def test_home_offers_a_postcode_form_sent_by_post_and_every_area_as_a_link(client):
    response = client.get(HOME)
    html = response.content.decode()
    assert response.context["show_exit_button"] is True
    assert '<form method="post" action="/find-restorative-justice/find/"' in html
    assert 'autocomplete="postal-code"' in html
    assert html.count('href="/find-restorative-justice/area/') == 43
    assert 'href="/find-restorative-justice/map/"' in html
    # No CSRF token (the lookup changes nothing), so the page is served from the cache.
    assert "public" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in html


def test_every_directory_page_shows_the_exit_button(client):
    service = ServiceFactory(areas=[area("E23000010")])
    for url in [
        HOME,
        "/find-restorative-justice/choose-your-area/",
        WEST_YORKSHIRE,
        "/find-restorative-justice/map/",
        "/find-restorative-justice/look-elsewhere/scotland/",
        service.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["show_exit_button"] is True, url


def test_area_page_lists_local_services_then_national_ones(client):
    ServiceFactory(title="Leeds Repair", areas=[area("E23000010")])
    ServiceFactory(title="Everywhere Line", national=True)
    ServiceFactory(title="Manchester Only", areas=[area("E23000005")])
    ServiceFactory(title="Draft One", areas=[area("E23000010")], status=Status.DRAFT)
    html = client.get(WEST_YORKSHIRE).content.decode()
    assert "1 local service" in html
    assert (
        html.index("Leeds Repair") < html.index("National services") < html.index("Everywhere Line")
    )
    assert "Manchester Only" not in html
    assert "Draft One" not in html


def test_an_area_without_a_local_service_says_so_and_shows_the_national_fallback(client):
    ServiceFactory(title="Everywhere Line", national=True)
    html = client.get("/find-restorative-justice/area/E23000024/").content.decode()
    assert "We do not know of a local service covering Norfolk" in html
    assert "Everywhere Line" in html


def test_district_services_show_on_their_force_area_and_force_services_on_the_district(client):
    met = area("E23000001")
    westminster = AreaFactory(gss_code="E09000033", name="Westminster", police_force_area=met)
    ServiceFactory(title="Westminster Talks", areas=[westminster])
    ServiceFactory(title="London Wide", areas=[met])
    force_page = client.get(met.get_absolute_url()).content.decode()
    assert "Westminster Talks" in force_page and "covers Westminster" in force_page
    district_page = client.get(westminster.get_absolute_url()).content.decode()
    assert "Westminster Talks" in district_page and "London Wide" in district_page
    assert "Westminster is in the Metropolitan Police police force area" in district_page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("who=harmed", ["For victims", "For both"], ["For offenders"]),
        ("who=caused-harm", ["For offenders", "For both"], ["For victims"]),
        ("age=young-people", ["For both"], ["For victims", "For offenders"]),
        ("offence=domestic-abuse", ["For victims"], ["For both", "For offenders"]),
        ("stage=in-prison", ["For offenders"], ["For victims", "For both"]),
        ("who=harmed&stage=in-prison", [], ["For victims", "For both", "For offenders"]),
    ],
)
def test_area_filters_work_as_a_plain_get_form(client, query, shown, hidden):
    west_yorkshire = [area("E23000010")]
    ServiceFactory(
        title="For victims", serves=Service.Serves.HARMED, areas=west_yorkshire,
        domestic_abuse=Service.Takes.CASE_BY_CASE,
    )  # fmt: skip
    ServiceFactory(
        title="For offenders", serves=Service.Serves.CAUSED_HARM, areas=west_yorkshire,
        stage_in_prison=True,
    )  # fmt: skip
    ServiceFactory(
        title="For both", serves=Service.Serves.BOTH, young_people=True, areas=west_yorkshire
    )
    html = client.get(f"{WEST_YORKSHIRE}?{query}").content.decode()
    assert '<form class="filters" method="get"' in html
    for title in shown:
        assert title in html, title
    for title in hidden:
        assert f">{title}</a>" not in html, title
    assert "Clear filters" in html


@pytest.mark.parametrize("query", ["who=everyone", "stage=%00", "age=" + "x" * 300])
def test_a_bad_filter_is_a_clear_400(client, query):
    response = client.get(f"{WEST_YORKSHIRE}?{query}")
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize("code", ["E99999999", "nonsense", "E23000001%00", "e23000001"])
def test_an_unknown_area_is_a_404(client, code):
    assert client.get(f"/find-restorative-justice/area/{code}/").status_code == 404


def test_each_service_shows_when_it_was_last_checked_and_a_way_to_report_a_mistake(client):
    checked = timezone.localdate() - datetime.timedelta(days=3)
    ServiceFactory(
        title="Leeds Repair", slug="leeds-repair", last_checked=checked, areas=[area("E23000010")]
    )
    html = client.get(WEST_YORKSHIRE).content.decode()
    assert f'Last checked: <time datetime="{checked:%Y-%m-%d}">' in html
    assert 'href="/contact/?subject=restorative-justice&amp;service=leeds-repair"' in html
    assert "Not checked since" not in html


def test_an_entry_unconfirmed_past_the_grace_period_warns_visitors(client, settings):
    long_ago = timezone.localdate() - datetime.timedelta(
        days=settings.DIRECTORY_CHECK_INTERVAL_DAYS + settings.DIRECTORY_CHECK_GRACE_DAYS + 1
    )
    within_grace = timezone.localdate() - datetime.timedelta(
        days=settings.DIRECTORY_CHECK_INTERVAL_DAYS + 1
    )
    ServiceFactory(title="Old Entry", last_checked=long_ago, areas=[area("E23000010")])
    ServiceFactory(title="Due Entry", last_checked=within_grace, areas=[area("E23000010")])
    html = client.get(WEST_YORKSHIRE).content.decode()
    assert html.count("Not checked since") == 1
    assert f"Not checked since {long_ago:%-d %B %Y}" in html


def test_the_victims_code_is_stated_carefully(client):
    html = client.get(WEST_YORKSHIRE).content.decode()
    assert "the police should give you information about restorative justice" in html
    assert "the youth offending team gives you this information instead" in html
    assert "referred to services that support victims" in html
    assert "not a right to take part" in html


def test_the_contact_form_names_the_service_it_is_about(client):
    ServiceFactory(title="Leeds Repair", slug="leeds-repair")
    ServiceFactory(title="Hidden Draft", slug="hidden-draft", status=Status.DRAFT)
    form = client.get("/contact/?subject=restorative-justice&service=leeds-repair").context["form"]
    assert form.initial["message"] == "About the directory entry for Leeds Repair: "
    assert form.initial["subject"] == "restorative-justice"
    assert "message" not in client.get("/contact/?service=hidden-draft").context["form"].initial
    assert client.get("/contact/?service=%00").status_code == 200


def test_the_map_shows_every_area_with_its_count_as_text_and_a_table(client):
    west_yorkshire = area("E23000010")
    ServiceFactory(areas=[west_yorkshire])
    ServiceFactory(areas=[west_yorkshire, area("E23000005")])
    ServiceFactory(national=True)  # not counted: it is everywhere
    html = client.get("/find-restorative-justice/map/").content.decode()
    assert html.count("<rect ") == 43
    assert 'aria-label="WY 2: West Yorkshire, 2 local services"' in html
    assert 'aria-label="GM 1: Greater Manchester, 1 local service"' in html
    assert 'aria-label="NF 0: Norfolk, 0 local services"' in html
    assert (
        '<th scope="row"><a href="/find-restorative-justice/area/E23000010/">West Yorkshire</a>'
        "</th><td>WY</td><td>2</td>" in html
    )


def test_the_tile_grid_gives_each_area_its_own_square():

    tiles = police_force_area_tiles()
    assert len(tiles) == 43
    assert len({(tile.row, tile.column) for tile in tiles}) == 43
    assert len({tile.abbreviation for tile in tiles}) == 43
    assert {tile.gss_code for tile in tiles} == set(
        Area.objects.filter(kind=Area.Kind.POLICE_FORCE_AREA).values_list("gss_code", flat=True)
    )


def test_a_draft_service_is_hidden_from_visitors(client):
    draft = ServiceFactory(status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        HOME,
        "/find-restorative-justice/choose-your-area/",
        WEST_YORKSHIRE,
        WEST_YORKSHIRE + "?who=harmed&age=adults",
        "/find-restorative-justice/map/",
        "/find-restorative-justice/look-elsewhere/northern-ireland/",
    ],
)
def test_pages_run_a_constant_number_of_queries(client, django_assert_num_queries, url):
    def queries_for(services: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for _ in range(services):
            ServiceFactory(areas=[area("E23000010"), area("E23000005")])
            ServiceFactory(national=True)
        every_cache_cleared()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries_for(1) == queries_for(5)


def test_service_detail_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    many = ServiceFactory(areas=[area("E23000010"), area("E23000005"), area("E23000001")])
    few = ServiceFactory(areas=[area("E23000010")])

    with django_assert_num_queries(3):
        client.get(few.get_absolute_url())
    every_cache_cleared()
    with django_assert_num_queries(3):
        client.get(many.get_absolute_url())
