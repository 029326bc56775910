"""What the directory's pages and API may show: published services only, and the areas."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from .geography import GSS_CODE, police_force_area_tiles
from .models import (
    CHANNEL_ISLANDS,
    ENGLAND,
    ISLE_OF_MAN,
    NORTHERN_IRELAND,
    SCOTLAND,
    WALES,
    Area,
    Postcode,
    Service,
)

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")

# The area page's filters: each value, and the services it keeps.
AUDIENCE_FILTERS = {
    "harmed": Q(serves__in=[Service.Serves.HARMED, Service.Serves.BOTH]),
    "caused-harm": Q(serves__in=[Service.Serves.CAUSED_HARM, Service.Serves.BOTH]),
}
AGE_FILTERS = {"adults": Q(adults=True), "young-people": Q(young_people=True)}
_TAKES = [Service.Takes.YES, Service.Takes.CASE_BY_CASE]
OFFENCE_FILTERS = {
    "domestic-abuse": Q(domestic_abuse__in=_TAKES),
    "sexual-offences": Q(sexual_offences__in=_TAKES),
    "hate-crime": Q(hate_crime__in=_TAKES),
}
STAGE_FILTERS = {
    "before-court": Q(stage_before_court=True),
    "after-sentence": Q(stage_after_sentence=True),
    "in-prison": Q(stage_in_prison=True),
    "in-community": Q(stage_in_community=True),
}

# Where a postcode outside England and Wales (or no longer in use) should look instead.
ELSEWHERE_BY_COUNTRY = {
    SCOTLAND: "scotland",
    NORTHERN_IRELAND: "northern-ireland",
    CHANNEL_ISLANDS: "channel-islands-and-isle-of-man",
    ISLE_OF_MAN: "channel-islands-and-isle-of-man",
}
ELSEWHERE_TERMINATED = "postcode-no-longer-used"


def services_published() -> QuerySet[Service]:
    """Every service a visitor may see: published, and not scheduled for later."""
    return Service.objects.published()


def service_list() -> QuerySet[Service]:
    """Public services with their areas, for lists and the API."""
    return services_published().prefetch_related(
        Prefetch("areas", queryset=Area.objects.select_related("police_force_area"))
    )


def service_detail_queryset() -> QuerySet[Service]:
    """All services (drafts included, for staff previews) with their areas."""
    return Service.objects.prefetch_related(
        Prefetch("areas", queryset=Area.objects.select_related("police_force_area"))
    )


def service_public_title(*, slug: str) -> str | None:
    """A public service's name, for naming it in the contact form."""
    if not SLUG.fullmatch(slug):
        return None  # nothing to look up (and PostgreSQL refuses NUL bytes outright)
    return services_published().filter(slug=slug).values_list("title", flat=True).first()


def service_check_overdue_before(*, today: datetime.date | None = None) -> datetime.date:
    """Entries last checked before this date are due a check (and flagged to staff)."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.DIRECTORY_CHECK_INTERVAL_DAYS)


def service_stale_before(*, today: datetime.date | None = None) -> datetime.date:
    """Entries last checked before this date carry a public "not checked since" warning."""
    return service_check_overdue_before(today=today) - datetime.timedelta(
        days=settings.DIRECTORY_CHECK_GRACE_DAYS
    )


def services_check_overdue() -> QuerySet[Service]:
    return services_published().filter(
        Q(last_checked__isnull=True) | Q(last_checked__lt=service_check_overdue_before())
    )


def services_mark_stale(services: list[Service]) -> list[Service]:
    stale_before = service_stale_before()
    for service in services:
        service.stale = service.last_checked is None or service.last_checked < stale_before
    return services


# ------------------------------------------------------------------------------
# Areas
# ------------------------------------------------------------------------------
def area_get(*, gss_code: str) -> Area | None:
    if not GSS_CODE.fullmatch(gss_code):
        return None
    return Area.objects.select_related("police_force_area").filter(gss_code=gss_code).first()


def police_force_areas() -> list[Area]:
    return list(Area.objects.filter(kind=Area.Kind.POLICE_FORCE_AREA).order_by("name"))


def services_covering(area: Area) -> Q:
    """Local services for the area: its own, its police force area's, or (for a police force
    area) those of its districts. The national ones are not included."""
    covering = Q(areas=area)
    if area.police_force_area_id:
        return covering | Q(areas=area.police_force_area_id)
    return covering | Q(areas__police_force_area=area)


@dataclass(frozen=True)
class AreaServices:
    local: list[Service]
    national: list[Service]


def area_services(*, area: Area, filters: dict[str, str]) -> AreaServices:
    """Services covering the area (directly, through its police force area, or for part of it
    through one of its districts), and the national ones. Two queries, however many."""
    covering = services_covering(area)
    chosen = Q()
    for value, options in (
        (filters.get("who"), AUDIENCE_FILTERS),
        (filters.get("age"), AGE_FILTERS),
        (filters.get("offence"), OFFENCE_FILTERS),
        (filters.get("stage"), STAGE_FILTERS),
    ):
        if value:
            chosen &= options[value]
    ids = services_published().filter(chosen).filter(Q(national=True) | covering).values("pk")
    services = services_mark_stale(list(service_list().filter(pk__in=ids).order_by("title")))
    return AreaServices(
        local=[service for service in services if not service.national],
        national=[service for service in services if service.national],
    )


@dataclass(frozen=True)
class MapTile:
    gss_code: str
    name: str
    abbreviation: str
    row: int
    column: int
    count: int


def postcode_lottery() -> list[MapTile]:
    """Each police force area with its number of local services (its own, or its districts')."""
    covered = defaultdict(set)
    links = Service.areas.through.objects.filter(
        service__in=services_published().filter(national=False)
    ).values_list("service_id", "area__gss_code", "area__police_force_area__gss_code")
    for service_id, gss_code, parent_code in links:
        covered[parent_code or gss_code].add(service_id)
    return [
        MapTile(**tile.__dict__, count=len(covered.get(tile.gss_code, ())))
        for tile in police_force_area_tiles()
    ]


# ------------------------------------------------------------------------------
# Postcodes: resolved to an area, never kept
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PostcodeResult:
    area_code: str = ""  # the GSS code of the area page to show
    elsewhere: str = ""  # a look-elsewhere page's slug, when the directory does not cover it


def postcode_lookup_queryset(*, postcode: str) -> QuerySet:
    """The postcode's row, with the district and force area codes that have a page."""

    def listed(column: str):
        return Subquery(Area.objects.filter(gss_code=OuterRef(column)).values("gss_code")[:1])

    return (
        Postcode.objects.filter(postcode=postcode)
        .annotate(district=listed("lad"), force=listed("pfa"))
        .values("country", "terminated", "district", "force")
    )


def postcode_resolve(*, postcode: str) -> PostcodeResult:
    """Where a (normalised) postcode belongs: an area page, a page about looking elsewhere, or
    nothing (not in the table, or no table imported yet). One query."""
    row = postcode_lookup_queryset(postcode=postcode).first()
    if row is None:
        return PostcodeResult()
    if row["terminated"]:
        return PostcodeResult(elsewhere=ELSEWHERE_TERMINATED)
    if row["country"] not in (ENGLAND, WALES):
        return PostcodeResult(elsewhere=ELSEWHERE_BY_COUNTRY.get(row["country"], ""))
    # The district's own page when staff have listed it; otherwise its police force area's.
    return PostcodeResult(area_code=row["district"] or row["force"] or "")


# ------------------------------------------------------------------------------
# The Open Referral API's filters
# ------------------------------------------------------------------------------
def services_matching(*, conditions: Q, search: str = "") -> QuerySet[Service]:
    """Public services meeting the conditions and, word by word, the search; in name order."""
    for word in search.split():
        conditions &= (
            Q(title__icontains=word)
            | Q(organisation__icontains=word)
            | Q(description__icontains=word)
        )
    ids = services_published().filter(conditions).values("pk")
    return service_list().filter(pk__in=ids).order_by("title", "pk")


def organisations_public() -> list[str]:
    """The names of the organisations that run public services, in order."""
    names = services_published().values_list("organisation", flat=True).distinct()
    return sorted(set(names))
