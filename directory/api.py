"""The directory as Open Referral UK 3.0 publishes it: the HSDS 3 API, read-only, at
/api/v1/directory/ (the API's root answers which version and profile it meets).

Only public services, through the same selectors as the pages. Identifiers are UUIDs, as HSDS
asks: a service's own, and for its organisation, areas, phones and the like, UUIDs derived from
it (uuid5), so they stay the same from one request to the next. A field with no value is left
out, never null. Every query parameter the profile lists is honoured or refused with a 400 that
names it; an unknown one is refused too. A `postcode` is resolved to an area and dropped: it is
never logged (see directory.log_filters) and its answer is never cached.
"""

import re
import uuid

from django.db.models import Q
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.html import strip_tags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from sitewide.api import BAD_REQUEST, NOT_FOUND, AutoSchema
from sitewide.pagination import PageNumberPagination
from sitewide.site_url import absolute_url

from . import selectors
from .geography import postcode_normalise
from .models import Service
from .taxonomy import (
    TAXONOMY_DESCRIPTION,
    TAXONOMY_ID,
    TAXONOMY_NAME,
    Term,
    service_terms,
    taxonomy_term_get,
    taxonomy_terms,
)

HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"
ONS_AREA_URI = "http://statistics.data.gov.uk/id/statistical-geography/{}"
ENGLAND_AND_WALES = "K04000001"
# ISO 639-1 codes for the languages services commonly list; others are given by name only.
LANGUAGE_CODES = {
    "english": "en", "welsh": "cy", "polish": "pl", "urdu": "ur", "punjabi": "pa",
    "bengali": "bn", "arabic": "ar", "romanian": "ro", "gujarati": "gu", "somali": "so",
}  # fmt: skip
# ISO 639-3 has a code for British Sign Language; ISO 639-1 does not.
BSL_CODE = "bfi"
MAX_PER_PAGE = 100


def derived_id(service: Service, *parts: str) -> str:
    return str(uuid.uuid5(service.uuid, "/".join(parts)))


def organisation_id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"organisation:{name}"))


def without_nulls(value):
    """HSDS wants a field with no value left out, not null (nor an empty object in its place)."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


class LeftOutWhenEmpty(serializers.SerializerMethodField):
    """A value the answer leaves out when there is none, so the schema must not require it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.read_only = False  # drf-spectacular requires every read-only field


# ------------------------------------------------------------------------------
# Serializers: the records of HSDS 3, as far as the directory has them
# ------------------------------------------------------------------------------
class TaxonomySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    description = serializers.CharField()


class TaxonomyTermSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    taxonomy = serializers.CharField(help_text="The taxonomy's name.")
    taxonomy_id = serializers.UUIDField()


def term_record(term: Term) -> dict:
    return {
        "id": term.id,
        "code": term.code,
        "name": term.name,
        "description": term.description,
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": TAXONOMY_ID,
    }


def taxonomy_record() -> dict:
    return {"id": TAXONOMY_ID, "name": TAXONOMY_NAME, "description": TAXONOMY_DESCRIPTION}


class OrganizationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    description = serializers.CharField()


def organisation_record(name: str) -> dict:
    return {
        "id": organisation_id(name),
        "name": name,
        "description": f"{name} runs restorative justice services listed in this directory.",
    }


class PhoneSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    service_id = serializers.UUIDField()
    number = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    service_id = serializers.UUIDField()
    name = serializers.CharField()
    email = serializers.EmailField(required=False)
    phones = PhoneSerializer(many=True)


class ServiceAreaSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    service_id = serializers.UUIDField()
    name = serializers.CharField()
    description = serializers.CharField()
    uri = serializers.URLField(help_text="The area's ONS (GSS) statistical geography URI.")


class LanguageSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    service_id = serializers.UUIDField()
    name = serializers.CharField()
    code = serializers.CharField(required=False, help_text="ISO 639-1 (or 639-3), where known.")


class FundingSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    service_id = serializers.UUIDField()
    source = serializers.CharField()


class AttributeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    link_id = serializers.UUIDField(help_text="The service's id.")
    link_type = serializers.CharField()
    link_entity = serializers.CharField()
    taxonomy_term_id = serializers.UUIDField()
    value = serializers.CharField()
    taxonomy_term = TaxonomyTermSerializer()


class OrukServiceSerializer(serializers.Serializer):
    """An HSDS 3 service, with the related records Open Referral UK nests inside it."""

    id = serializers.UUIDField(source="uuid")
    organization_id = serializers.SerializerMethodField()
    name = serializers.CharField(source="title")
    description = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    email = LeftOutWhenEmpty()
    status = serializers.SerializerMethodField()
    interpretation_services = LeftOutWhenEmpty()
    application_process = LeftOutWhenEmpty()
    eligibility_description = serializers.SerializerMethodField()
    minimum_age = LeftOutWhenEmpty()
    maximum_age = LeftOutWhenEmpty()
    assured_date = LeftOutWhenEmpty()
    accreditations = LeftOutWhenEmpty()
    last_modified = serializers.DateTimeField(source="updated_at")
    organization = serializers.SerializerMethodField()
    phones = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()
    service_areas = serializers.SerializerMethodField()
    service_at_locations = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()
    funding = serializers.SerializerMethodField()
    attributes = serializers.SerializerMethodField()

    def to_representation(self, instance):
        return without_nulls(super().to_representation(instance))

    @extend_schema_field(OpenApiTypes.UUID)
    def get_organization_id(self, service) -> str:
        return organisation_id(service.organisation)

    def get_description(self, service) -> str:
        """Plain text."""
        return " ".join(strip_tags(service.description).split())

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, service) -> str:
        """The service's own website, or its page here."""
        return service.website or absolute_url(service.get_absolute_url())

    @extend_schema_field(OpenApiTypes.EMAIL)
    def get_email(self, service) -> str | None:
        return service.email or None

    def get_status(self, service) -> str:
        return "active"

    @extend_schema_field(OpenApiTypes.STR)
    def get_interpretation_services(self, service) -> str | None:
        return "British Sign Language" if service.bsl else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_application_process(self, service) -> str | None:
        routes = service.referral_routes
        return "Referral by: " + ", ".join(routes) + "." if routes else None

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

    @extend_schema_field(OpenApiTypes.INT)
    def get_minimum_age(self, service) -> int | None:
        return None if service.young_people else 18

    @extend_schema_field(OpenApiTypes.INT)
    def get_maximum_age(self, service) -> int | None:
        return 17 if service.young_people and not service.adults else None

    @extend_schema_field(OpenApiTypes.DATE)
    def get_assured_date(self, service) -> str | None:
        """When the entry was last confirmed as correct."""
        return service.last_checked.isoformat() if service.last_checked else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_accreditations(self, service) -> str | None:
        if service.rjc_registered_until is None:
            return None
        until = service.rjc_registered_until.strftime("%B %Y")
        return f"Restorative Justice Council registered organisation until {until}"

    @extend_schema_field(OrganizationSerializer)
    def get_organization(self, service):
        return organisation_record(service.organisation)

    def _phones(self, service) -> list[dict]:
        if not service.phone:
            return []
        return [
            {"id": derived_id(service, "phone"), "service_id": str(service.uuid),
             "number": service.phone}
        ]  # fmt: skip

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
                "service_id": str(service.uuid),
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
        named = [(name, LANGUAGE_CODES.get(name.lower())) for name in service.language_list]
        if service.bsl:
            named.append(("British Sign Language", BSL_CODE))
        return [
            {"id": derived_id(service, "language", "bsl" if code == BSL_CODE else name),
             "service_id": str(service.uuid), "name": name, "code": code}
            for name, code in named
        ]  # fmt: skip

    @extend_schema_field(FundingSerializer(many=True))
    def get_funding(self, service):
        if not service.funder:
            return []
        return [
            {"id": derived_id(service, "funding"), "service_id": str(service.uuid),
             "source": service.funder}
        ]  # fmt: skip

    @extend_schema_field(AttributeSerializer(many=True))
    def get_attributes(self, service):
        """What the area page filters on, as terms of the site's own taxonomy."""
        return [
            {
                "id": derived_id(service, "attribute", term.group, term.value),
                "link_id": str(service.uuid),
                "link_type": term.group,
                "link_entity": "service",
                "taxonomy_term_id": term.id,
                "value": term.name,
                "taxonomy_term": term_record(term),
            }
            for term in service_terms(service)
        ]


def _area(service, name: str, gss_code: str, kind: str) -> dict:
    return {
        "id": derived_id(service, "area", gss_code),
        "service_id": str(service.uuid),
        "name": name,
        "description": f"{kind} {gss_code}",
        "uri": ONS_AREA_URI.format(gss_code),
    }


# ------------------------------------------------------------------------------
# Query parameters
# ------------------------------------------------------------------------------
# Parameters the Open Referral API defines that the directory cannot honour, and why.
NOT_OFFERED = {
    "start_time": "The directory publishes no schedules.",
    "end_time": "The directory publishes no schedules.",
    "day": "The directory publishes no schedules.",
    "minimal": "Only the full records are offered.",
    "proximity": "Services are listed by the areas they cover, not by distance: give a "
    "postcode alone.",
}
FORMAT = OpenApiParameter(
    "format", str, enum=["json"], description="The answer's format: JSON only (no ndjson)."
)


# A full postcode, in capitals or not, with or without its space.
POSTCODE_PATTERN = "^ *[A-Za-z]{1,2}[0-9][A-Za-z0-9]? *[0-9][A-Za-z]{2} *$"


@extend_schema_field({"type": "string", "pattern": POSTCODE_PATTERN, "maxLength": 16})
class PostcodeQueryField(serializers.CharField):
    """Exactly the pattern the schema gives (no trailing newline let through, as `$` would)."""

    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 16:
            raise ValidationError("At most 16 characters.")
        if not re.fullmatch(POSTCODE_PATTERN[1:-1], data):
            raise ValidationError("Give a full UK postcode, such as SW1A 1AA.")
        return postcode_normalise(data)


class ServiceFilterSerializer(serializers.Serializer):
    """The service list's filters (Open Referral UK 3.0): each optional, refused when malformed."""

    search = serializers.CharField(
        required=False, max_length=200, allow_blank=True, help_text="Words in the name, "
        "organisation or description; each must appear."
    )  # fmt: skip
    taxonomy_term_id = serializers.UUIDField(required=False, help_text="A taxonomy term's id.")
    taxonomy_id = serializers.UUIDField(required=False, help_text="A taxonomy's id.")
    organization_id = serializers.UUIDField(required=False, help_text="An organisation's id.")
    minimum_age = serializers.IntegerField(
        required=False, min_value=0, max_value=150,
        help_text="Services whose minimum age is at least this.",
    )  # fmt: skip
    maximum_age = serializers.IntegerField(
        required=False, min_value=0, max_value=150,
        help_text="Services whose maximum age is at most this.",
    )  # fmt: skip
    modified_after = serializers.DateTimeField(
        required=False, help_text="Services changed at or after this moment (ISO 8601)."
    )
    postcode = PostcodeQueryField(
        required=False,
        help_text="Services covering the area this postcode lies in (and the national ones); "
        "none for a postcode outside England and Wales, unknown or no longer used. Used to "
        "find the area, then dropped: never logged, stored or cached.",
    )
    full = serializers.BooleanField(
        required=False, help_text="Accepted for the standard's sake: services are always full."
    )


def params_check(request, allowed: set[str]) -> None:
    """A 400 naming each query parameter this endpoint does not take."""
    errors = {}
    for name in request.query_params:
        if name in allowed:
            continue
        errors[name] = [NOT_OFFERED.get(name, "Not a parameter of this endpoint.")]
    if request.query_params.get("format", "json") != "json":
        errors["format"] = ["Only json is offered."]
    if errors:
        raise ValidationError(errors)


def postcode_conditions(postcode: str) -> Q:
    """The national services and those covering the postcode's area, if it is in England or
    Wales; nothing for any other (outside, unknown, no longer used)."""
    result = selectors.postcode_resolve(postcode=postcode)
    area = selectors.area_get(gss_code=result.area_code) if result.area_code else None
    if area is None:
        return Q(pk__in=[])
    return Q(national=True) | selectors.services_covering(area)


def age_conditions(minimum: int | None, maximum: int | None) -> Q:
    """A service's minimum age is 18 when it takes adults only (none otherwise); its maximum
    age is 17 when it takes young people only (none otherwise)."""
    conditions = Q()
    if minimum is not None and minimum > 18:
        conditions &= Q(pk__in=[])
    elif minimum:
        conditions &= Q(young_people=False)
    if maximum is not None:
        conditions &= Q(young_people=True, adults=False) if maximum >= 17 else Q(pk__in=[])
    return conditions


def service_conditions(filters: dict) -> Q:
    conditions = age_conditions(filters.get("minimum_age"), filters.get("maximum_age"))
    if "taxonomy_term_id" in filters:
        term = taxonomy_term_get(str(filters["taxonomy_term_id"]))
        conditions &= term.services if term else Q(pk__in=[])
    if "taxonomy_id" in filters and str(filters["taxonomy_id"]) != TAXONOMY_ID:
        conditions &= Q(pk__in=[])
    if "organization_id" in filters:
        names = [
            name
            for name in selectors.organisations_public()
            if organisation_id(name) == str(filters["organization_id"])
        ]
        conditions &= Q(organisation__in=names)
    if "modified_after" in filters:
        conditions &= Q(updated_at__gte=filters["modified_after"])
    if "postcode" in filters:
        conditions &= postcode_conditions(filters["postcode"])
    return conditions


# ------------------------------------------------------------------------------
# Pages and views
# ------------------------------------------------------------------------------
class HsdsPagination(PageNumberPagination):
    """The page shape of the HSDS API: `contents` with its totals, rather than DRF's `results`;
    `per_page` from 1 to 100, anything else a 400."""

    page_size_query_param = "per_page"
    max_page_size = MAX_PER_PAGE

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_PER_PAGE):
            raise ValidationError({"per_page": [f"Give a number from 1 to {MAX_PER_PAGE}."]})
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] |= {"minimum": 1, "maximum": MAX_PER_PAGE}
        return parameters

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
        fields = {
            "total_items": "integer", "total_pages": "integer", "page_number": "integer",
            "size": "integer", "first_page": "boolean", "last_page": "boolean",
            "empty": "boolean",
        }  # fmt: skip
        return {
            "type": "object",
            "required": [*fields, "contents"],
            "properties": {
                **{name: {"type": kind} for name, kind in fields.items()},
                "contents": schema,
            },
        }


class OpenReferralSchema(AutoSchema):
    """Every endpoint refuses an unknown query parameter (400); each record may be missing."""

    def _error_responses(self) -> dict:
        errors = {**super()._error_responses(), 400: BAD_REQUEST}
        if "{" in self.path:
            errors[404] = NOT_FOUND
        return errors


class OpenReferralView:
    """What every endpoint shares: its query parameters checked, an open CORS header (as the
    UK profile asks), and an answer to a postcode query kept by no cache."""

    allowed_params: set[str] = {"format"}
    pagination_class = HsdsPagination
    schema = OpenReferralSchema()

    def initial(self, request, *args, **kwargs):
        params_check(request, self.allowed_params)  # before DRF reads ?format= itself
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        if "postcode" in request.query_params:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


LIST_PARAMS = {"format", "page", "per_page"}


def _uuid_or_404(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise NotFound("No such record.") from None


class RootSerializer(serializers.Serializer):
    version = serializers.CharField(help_text="The HSDS version this API meets.")
    profile = serializers.URLField(help_text="The HSDS profile it meets: Open Referral UK.")
    openapi_url = serializers.URLField(help_text="The OpenAPI document that defines it.")


@extend_schema(responses=RootSerializer, parameters=[FORMAT], tags=["directory"])
class ApiRoot(OpenReferralView, APIView):
    """Which version of HSDS, and which profile, this API meets (read first by validators)."""

    pagination_class = None

    def get(self, request):
        return Response(
            {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}
        )


@extend_schema(exclude=True)
class ApiRootWithoutSlash(ApiRoot):
    """The root at the API stub itself, as a client that appends nothing asks for it."""


@extend_schema(parameters=[ServiceFilterSerializer, FORMAT], tags=["directory"])
class ServiceList(OpenReferralView, generics.ListAPIView):
    """Published restorative-justice services in the Open Referral UK (HSDS 3) shape."""

    serializer_class = OrukServiceSerializer
    allowed_params = LIST_PARAMS | set(ServiceFilterSerializer().fields)

    def get_queryset(self):
        filters = ServiceFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        return selectors.services_matching(
            conditions=service_conditions(data), search=data.get("search", "")
        )


@extend_schema(parameters=[FORMAT], tags=["directory"])
class ServiceDetail(OpenReferralView, generics.RetrieveAPIView):
    serializer_class = OrukServiceSerializer

    def get_object(self):
        service_id = _uuid_or_404(self.kwargs["id"])
        service = selectors.service_list().filter(uuid=service_id).first()
        if service is None:
            raise NotFound("No such service.")
        return service


class RecordSearchSerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False, max_length=200, allow_blank=True,
        help_text="Words in the name or description; each must appear.",
    )  # fmt: skip


class TermFilterSerializer(RecordSearchSerializer):
    taxonomy_id = serializers.UUIDField(required=False, help_text="Terms of this taxonomy.")
    parent_id = serializers.UUIDField(
        required=False, help_text="Terms under this one (none: every term is at the top)."
    )
    top_only = serializers.BooleanField(
        required=False, help_text="Top-level terms only (which every term is)."
    )


class RecordList(OpenReferralView, generics.ListAPIView):
    """A list of records the directory derives rather than stores."""

    filter_serializer = RecordSearchSerializer

    @property
    def allowed_params(self) -> set[str]:
        return LIST_PARAMS | set(self.filter_serializer().fields)

    def records(self) -> list[dict]:
        raise NotImplementedError

    def filtered(self, records: list[dict], filters: dict) -> list[dict]:
        words = filters.get("search", "").lower().split()
        return [
            record
            for record in records
            if all(word in f"{record['name']} {record['description']}".lower() for word in words)
        ]

    def get_queryset(self):
        filters = self.filter_serializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return self.filtered(self.records(), filters.validated_data)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(page)


class RecordDetail(OpenReferralView, generics.RetrieveAPIView):
    def records(self) -> list[dict]:
        raise NotImplementedError

    def retrieve(self, request, *args, **kwargs):
        record_id = _uuid_or_404(self.kwargs["id"])
        found = next((record for record in self.records() if record["id"] == record_id), None)
        if found is None:
            raise NotFound("No such record.")
        return Response(found)


def _taxonomies() -> list[dict]:
    return [taxonomy_record()]


@extend_schema(parameters=[RecordSearchSerializer, FORMAT], tags=["directory"])
class TaxonomyList(RecordList):
    """The directory's one taxonomy: what a service does and for whom."""

    serializer_class = TaxonomySerializer
    records = staticmethod(_taxonomies)


@extend_schema(parameters=[FORMAT], tags=["directory"])
class TaxonomyDetail(RecordDetail):
    serializer_class = TaxonomySerializer
    records = staticmethod(_taxonomies)


def _terms() -> list[dict]:
    return [term_record(term) for term in taxonomy_terms()]


@extend_schema(parameters=[TermFilterSerializer, FORMAT], tags=["directory"])
class TaxonomyTermList(RecordList):
    """Every term of the directory's taxonomy."""

    serializer_class = TaxonomyTermSerializer
    filter_serializer = TermFilterSerializer
    records = staticmethod(_terms)

    def filtered(self, records: list[dict], filters: dict) -> list[dict]:
        if "parent_id" in filters:
            return []  # every term is at the top
        if "taxonomy_id" in filters and str(filters["taxonomy_id"]) != TAXONOMY_ID:
            return []
        return super().filtered(records, filters)


@extend_schema(parameters=[FORMAT], tags=["directory"])
class TaxonomyTermDetail(RecordDetail):
    serializer_class = TaxonomyTermSerializer
    records = staticmethod(_terms)


def _organisations() -> list[dict]:
    return [organisation_record(name) for name in selectors.organisations_public()]


@extend_schema(parameters=[RecordSearchSerializer, FORMAT], tags=["directory"])
class OrganizationList(RecordList):
    """The organisations that run the published services."""

    serializer_class = OrganizationSerializer
    records = staticmethod(_organisations)


@extend_schema(parameters=[FORMAT], tags=["directory"])
class OrganizationDetail(RecordDetail):
    serializer_class = OrganizationSerializer
    records = staticmethod(_organisations)


SERVICE_AT_LOCATION = inline_serializer("ServiceAtLocation", {"id": serializers.UUIDField()})


@extend_schema(
    parameters=[ServiceFilterSerializer, FORMAT], responses=SERVICE_AT_LOCATION, tags=["directory"]
)
class ServiceAtLocationList(OpenReferralView, generics.ListAPIView):
    """Always empty: services meet people where it suits them, not at a public address. The
    filters are checked all the same, so a malformed one is a 400 here as on /services."""

    allowed_params = ServiceList.allowed_params

    def list(self, request, *args, **kwargs):
        filters = ServiceFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        service_conditions(filters.validated_data)
        return self.get_paginated_response(self.paginate_queryset([]))


@extend_schema(parameters=[FORMAT], responses=SERVICE_AT_LOCATION, tags=["directory"])
class ServiceAtLocationDetail(OpenReferralView, generics.RetrieveAPIView):
    def retrieve(self, request, *args, **kwargs):
        _uuid_or_404(self.kwargs["id"])
        raise NotFound("No such service at a location: services here have no public address.")
