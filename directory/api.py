"""The directory as Open Referral UK publishes services: the HSDS 3 `service` shape, read-only.

Only public services, through the same selector as the pages. Identifiers are UUIDs, as HSDS
asks: a service's own, and for its organisation, areas, phones and the like, UUIDs derived from
it (uuid5), so they stay the same from one request to the next.
"""

import uuid

from django.utils.html import strip_tags
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from sitewide.pagination import PageNumberPagination
from sitewide.site_url import absolute_url

from .models import Service
from .selectors import service_list

ONS_AREA_URI = "http://statistics.data.gov.uk/id/statistical-geography/{}"
ENGLAND_AND_WALES = "K04000001"
# ISO 639-1 codes for the languages services commonly list; others are given by name only.
LANGUAGE_CODES = {
    "english": "en", "welsh": "cy", "polish": "pl", "urdu": "ur", "punjabi": "pa",
    "bengali": "bn", "arabic": "ar", "romanian": "ro", "gujarati": "gu", "somali": "so",
}  # fmt: skip
TAXONOMY = "cja-restorative-justice"


def derived_id(service: Service, *parts: str) -> str:
    return str(uuid.uuid5(service.uuid, "/".join(parts)))


class OrganizationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    description = serializers.CharField()


class PhoneSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    email = serializers.EmailField(allow_null=True)
    phones = PhoneSerializer(many=True)


class ServiceAreaSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    description = serializers.CharField()
    uri = serializers.URLField(help_text="The area's ONS (GSS) statistical geography URI.")


class LanguageSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    code = serializers.CharField(allow_null=True, help_text="ISO 639-1, where known.")


class FundingSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    source = serializers.CharField()


class TaxonomyTermSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    term = serializers.CharField()
    taxonomy = serializers.CharField()


class AttributeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    link_type = serializers.CharField()
    link_entity = serializers.CharField()
    value = serializers.CharField()
    taxonomy_term = TaxonomyTermSerializer()


class OrukServiceSerializer(serializers.Serializer):
    """An HSDS 3 service, with the related records Open Referral UK nests inside it."""

    id = serializers.UUIDField(source="uuid")
    name = serializers.CharField(source="title")
    description = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    interpretation_services = serializers.SerializerMethodField()
    application_process = serializers.SerializerMethodField()
    eligibility_description = serializers.SerializerMethodField()
    minimum_age = serializers.SerializerMethodField()
    maximum_age = serializers.SerializerMethodField()
    assured_date = serializers.DateField(source="last_checked", allow_null=True)
    accreditations = serializers.SerializerMethodField()
    organization = serializers.SerializerMethodField()
    phones = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()
    service_areas = serializers.SerializerMethodField()
    service_at_locations = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()
    funding = serializers.SerializerMethodField()
    attributes = serializers.SerializerMethodField()

    def get_description(self, service) -> str:
        """Plain text."""
        return " ".join(strip_tags(service.description).split())

    def get_url(self, service) -> str:
        """The service's own website, or its page here."""
        return service.website or absolute_url(service.get_absolute_url())

    def get_email(self, service) -> str | None:
        return service.email or None

    def get_status(self, service) -> str:
        return "active"

    def get_interpretation_services(self, service) -> str | None:
        return "British Sign Language" if service.bsl else None

    def get_application_process(self, service) -> str:
        routes = service.referral_routes
        return "Referral by: " + ", ".join(routes) + "." if routes else ""

    def get_eligibility_description(self, service) -> str:
        parts = [f"{service.get_serves_display()}: {', '.join(service.ages)}."]
        if service.stages:
            parts.append(f"Stages: {', '.join(service.stages)}.")
        parts += [
            f"{kind.capitalize()}: {takes.lower()}." for kind, takes in service.sensitive_cases
        ]
        if service.offence_notes:
            parts.append(service.offence_notes)
        return " ".join(parts)

    def get_minimum_age(self, service) -> int | None:
        return None if service.young_people else 18

    def get_maximum_age(self, service) -> int | None:
        return 17 if service.young_people and not service.adults else None

    def get_accreditations(self, service) -> str | None:
        if service.rjc_registered_until is None:
            return None
        until = service.rjc_registered_until.strftime("%B %Y")
        return f"Restorative Justice Council registered organisation until {until}"

    @extend_schema_field(OrganizationSerializer)
    def get_organization(self, service):
        organization_id = uuid.uuid5(uuid.NAMESPACE_URL, f"organisation:{service.organisation}")
        return {"id": str(organization_id), "name": service.organisation, "description": ""}

    def _phones(self, service) -> list[dict]:
        if not service.phone:
            return []
        return [{"id": derived_id(service, "phone"), "number": service.phone}]

    @extend_schema_field(PhoneSerializer(many=True))
    def get_phones(self, service):
        return self._phones(service)

    @extend_schema_field(ContactSerializer(many=True))
    def get_contacts(self, service):
        if not (service.email or service.phone):
            return []
        return [
            {
                "id": derived_id(service, "contact"),
                "name": service.organisation,
                "email": service.email or None,
                "phones": self._phones(service),
            }
        ]

    @extend_schema_field(ServiceAreaSerializer(many=True))
    def get_service_areas(self, service):
        if service.national:
            return [_area(service, "England and Wales", ENGLAND_AND_WALES, "National")]
        return [
            _area(service, area.name, area.gss_code, area.get_kind_display())
            for area in service.areas.all()
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField(), max_length=0))
    def get_service_at_locations(self, service):
        """Always empty: services meet people where it suits them, not at a public address."""
        return []

    @extend_schema_field(LanguageSerializer(many=True))
    def get_languages(self, service):
        languages = [
            {
                "id": derived_id(service, "language", name),
                "name": name,
                "code": LANGUAGE_CODES.get(name.lower()),
            }
            for name in service.language_list
        ]
        if service.bsl:
            languages.append(
                {"id": derived_id(service, "language", "bsl"), "name": "British Sign Language",
                 "code": None}
            )  # fmt: skip
        return languages

    @extend_schema_field(FundingSerializer(many=True))
    def get_funding(self, service):
        if not service.funder:
            return []
        return [{"id": derived_id(service, "funding"), "source": service.funder}]

    @extend_schema_field(AttributeSerializer(many=True))
    def get_attributes(self, service):
        """What the area page filters on, as terms of the site's own taxonomy."""
        terms = [("serves", service.serves, service.get_serves_display())]
        terms += [("stage", label, label) for label in service.stages]
        terms += [("referral", label, label) for label in service.referral_routes]
        terms += [("delivery", label, label) for label in service.delivery]
        terms += [("age", label, label) for label in service.ages]
        return [
            {
                "id": derived_id(service, "attribute", group, code),
                "link_type": group,
                "link_entity": "service",
                "value": label,
                "taxonomy_term": {
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{TAXONOMY}:{group}:{code}")),
                    "code": f"{group}:{code}",
                    "term": label,
                    "taxonomy": TAXONOMY,
                },
            }
            for group, code, label in terms
        ]


def _area(service, name: str, gss_code: str, kind: str) -> dict:
    return {
        "id": derived_id(service, "area", gss_code),
        "name": name,
        "description": f"{kind} {gss_code}",
        "uri": ONS_AREA_URI.format(gss_code),
    }


class HsdsPagination(PageNumberPagination):
    """The page shape of the HSDS API: `contents` with its totals, rather than DRF's `results`."""

    def get_paginated_response(self, data):
        page = self.page
        return Response(
            {
                "total_items": page.paginator.count,
                "total_pages": page.paginator.num_pages,
                "page_number": page.number,
                "size": len(data),
                "first_page": page.number == 1,
                "last_page": not page.has_next(),
                "empty": not data,
                "contents": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": [
                "total_items",
                "total_pages",
                "page_number",
                "size",
                "first_page",
                "last_page",
                "empty",
                "contents",
            ],
            "properties": {
                "total_items": {"type": "integer"},
                "total_pages": {"type": "integer"},
                "page_number": {"type": "integer"},
                "size": {"type": "integer"},
                "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"},
                "empty": {"type": "boolean"},
                "contents": schema,
            },
        }


class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """Published restorative-justice services in the Open Referral UK (HSDS 3) shape."""

    serializer_class = OrukServiceSerializer
    pagination_class = HsdsPagination
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return service_list().order_by("title", "pk")

    def get_object(self):
        try:
            uuid.UUID(self.kwargs["id"])
        except ValueError:
            raise NotFound("No such service.") from None
        return super().get_object()
