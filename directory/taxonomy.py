"""The directory's own taxonomy: what the area page filters on (who a service serves, the
stage it works at, how people are referred, how it is delivered, the ages it takes), as Open
Referral taxonomy terms. Fixed by the model, so the ids are derived (uuid5) and never change."""

import uuid
from dataclasses import dataclass
from functools import cache

from django.db.models import BooleanField, Q

from .models import Service

TAXONOMY_NAME = "cja-restorative-justice"
TAXONOMY_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{TAXONOMY_NAME}:taxonomy"))
TAXONOMY_DESCRIPTION = (
    "What a restorative justice service does and for whom: who it serves, the stage of the "
    "criminal justice process it works at, how people are referred, how it is delivered and "
    "the ages it takes."
)
GROUPS = {
    "serves": "Who the service works with",
    "stage": "A stage of the criminal justice process the service works at",
    "referral": "A way people are referred to the service",
    "delivery": "A way the service is delivered",
    "age": "An age group the service takes",
}


@dataclass(frozen=True)
class Term:
    group: str  # the attribute's link_type
    value: str  # the code's second half, as the service's own data says it
    name: str
    field: str  # the model field the term reads
    field_value: object  # the value that field has for a service with this term

    @property
    def code(self) -> str:
        return f"{self.group}:{self.value}"

    @property
    def id(self) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{TAXONOMY_NAME}:{self.group}:{self.value}"))

    @property
    def description(self) -> str:
        return f"{GROUPS[self.group]}: {self.name}."

    @property
    def services(self) -> Q:
        return Q(**{self.field: self.field_value})

    def applies_to(self, service: Service) -> bool:
        return getattr(service, self.field) == self.field_value


def _flag_terms(group: str, prefix: str) -> list[Term]:
    return [
        Term(group, str(field.verbose_name), str(field.verbose_name), field.name, True)
        for field in Service._meta.get_fields()
        if isinstance(field, BooleanField) and field.name.startswith(prefix)
    ]


@cache
def taxonomy_terms() -> tuple[Term, ...]:
    serves = [
        Term("serves", value, label, "serves", value) for value, label in Service.Serves.choices
    ]
    ages = [
        Term("age", "adults", "adults", "adults", True),
        Term("age", "young people (under 18)", "young people (under 18)", "young_people", True),
    ]
    return tuple(
        serves
        + _flag_terms("stage", "stage_")
        + _flag_terms("referral", "referral_")
        + _flag_terms("delivery", "delivery_")
        + ages
    )


def taxonomy_term_get(term_id: str) -> Term | None:
    return next((term for term in taxonomy_terms() if term.id == term_id), None)


def service_terms(service: Service) -> list[Term]:
    return [term for term in taxonomy_terms() if term.applies_to(service)]
