"""Keeping the directory true: every six months each service is asked to confirm its entry."""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from notifications.services import email_queue
from sitewide.site_url import absolute_url

from .geography import police_force_area_tiles
from .models import Area, Service
from .selectors import service_check_overdue_before, services_published

CHECK_SALT = "directory.service-check"


class CheckLinkInvalid(Exception):
    pass


def service_check_token(*, service: Service) -> str:
    """A signed link token for the latest request: a newer request makes older links useless."""
    requested = service.check_requested_at.timestamp() if service.check_requested_at else 0
    return signing.dumps({"service": service.pk, "requested": requested}, salt=CHECK_SALT)


def service_check_from_token(*, token: str) -> Service:
    max_age = datetime.timedelta(days=settings.DIRECTORY_CHECK_LINK_MAX_AGE_DAYS)
    try:
        payload = signing.loads(token, salt=CHECK_SALT, max_age=max_age)
        service = Service.objects.get(pk=int(payload["service"]))
        requested = float(payload["requested"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, Service.DoesNotExist):
        raise CheckLinkInvalid from None
    if service.check_requested_at is None or service.check_requested_at.timestamp() != requested:
        raise CheckLinkInvalid
    return service


def service_checks_request_due(*, now: datetime.datetime | None = None) -> int:
    """Ask each published service not checked (nor asked) for six months to confirm its entry.

    Returns how many were asked. Each email goes through the outbox, sealed: it carries the
    one-click confirmation link.
    """
    now = now or timezone.now()
    due_before = service_check_overdue_before(today=timezone.localdate(now))
    asked_before = now - datetime.timedelta(days=settings.DIRECTORY_CHECK_INTERVAL_DAYS)
    due = (
        services_published()
        .filter(Q(last_checked__isnull=True) | Q(last_checked__lt=due_before))
        .filter(Q(check_requested_at__isnull=True) | Q(check_requested_at__lt=asked_before))
        .exclude(email="", check_email="")
    )
    asked = 0
    for service_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            service = Service.objects.select_for_update().get(pk=service_id)
            service_check_request(service=service, now=now)
        asked += 1
    return asked


def service_check_request(*, service: Service, now: datetime.datetime) -> None:
    service.check_requested_at = now
    service.save(update_fields=["check_requested_at"])
    token = service_check_token(service=service)
    change_query = f"?subject=restorative-justice&service={service.slug}"
    email_queue(
        key=f"directory-check-{service.pk}-{now:%Y%m%d%H%M%S}",
        to=[service.check_address],
        template="directory_service_check",
        context={
            "service": service,
            "confirm_url": absolute_url(reverse("directory:check", kwargs={"token": token})),
            "change_url": absolute_url(reverse("contact:form") + change_query),
            "service_url": absolute_url(service.get_absolute_url()),
        },
        carries_secret=True,
    )


def service_check_confirm(*, service: Service, today: datetime.date | None = None) -> None:
    """The service says its entry is still correct."""
    service.last_checked = today or timezone.localdate()
    # save() rather than update(), so the public pages show the new date at once.
    service.save(update_fields=["last_checked", "updated_at"])


def police_force_areas_load() -> int:
    """Make sure the 43 police force areas are there (a migration loads them; an emptied
    database, as after a flush, gets them back). Returns how many were added."""
    tiles = police_force_area_tiles()
    present = set(
        Area.objects.filter(gss_code__in=[tile.gss_code for tile in tiles]).values_list(
            "gss_code", flat=True
        )
    )
    missing = [
        Area(
            gss_code=tile.gss_code,
            name=tile.name,
            abbreviation=tile.abbreviation,
            kind=Area.Kind.POLICE_FORCE_AREA,
        )
        for tile in tiles
        if tile.gss_code not in present
    ]
    Area.objects.bulk_create(missing)
    return len(missing)
