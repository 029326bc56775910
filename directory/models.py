"""The restorative-justice service directory: services, the areas they cover, and a slim copy
of the ONS postcode directory that turns a postcode into an area (and nothing more).

Field names follow Open Referral UK (HSDS) where one fits, so the API can publish them as such.
"""

import uuid

from django.db import models

from publishing.models import PUBLISHABLE_PERMISSIONS, Publishable, ReviewRule
from publishing.richtext import rich_text_field
from sitewide.reversing import cached_reverse

# ONS country codes, as in the postcode directory's `ctry` column.
ENGLAND = "E92000001"
WALES = "W92000004"
SCOTLAND = "S92000003"
NORTHERN_IRELAND = "N92000002"
CHANNEL_ISLANDS = "L93000001"
ISLE_OF_MAN = "M83000003"


class Area(models.Model):
    """A police force area or a local authority district, by its ONS (GSS) code."""

    class Kind(models.TextChoices):
        POLICE_FORCE_AREA = "pfa", "Police force area"
        LOCAL_AUTHORITY = "lad", "Local authority district"

    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=3, choices=Kind.choices)
    abbreviation = models.CharField(
        max_length=5, blank=True, help_text="The label on the map's tile (police force areas)."
    )
    police_force_area = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="districts",
        limit_choices_to={"kind": "pfa"},
        help_text="For a local authority district: the police force area it lies in.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("directory:area", kwargs={"gss_code": self.gss_code})

    @property
    def country(self) -> str:
        return "Wales" if self.gss_code.startswith("W") else "England"


class Service(Publishable):
    """One restorative-justice service, as a person harmed (or who caused harm) needs to know it."""

    review_default = ReviewRule.NEVER

    class Serves(models.TextChoices):
        HARMED = "harmed", "People harmed by crime"
        CAUSED_HARM = "caused-harm", "People who caused harm"
        BOTH = "both", "Both"

    class Takes(models.TextChoices):
        YES = "yes", "Takes these cases"
        CASE_BY_CASE = "case-by-case", "Case by case"
        NO = "no", "Does not take these cases"

    # Open Referral UK identifies every record by a UUID; the API publishes this one.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.CharField(max_length=200, help_text="Who runs the service.")
    description = rich_text_field(
        verbose_name="what it offers",
        blank=True,
        help_text="What the service offers, in plain words.",
    )
    serves = models.CharField(
        "who it serves", max_length=12, choices=Serves.choices, default=Serves.BOTH
    )
    adults = models.BooleanField(default=True)
    young_people = models.BooleanField(
        "young people (under 18)",
        default=False,
        help_text="Cases with a person under 18 usually go through the youth offending team.",
    )
    # Stages of the criminal justice process the service works at.
    stage_before_court = models.BooleanField("before court", default=False)
    stage_after_sentence = models.BooleanField("after sentence", default=False)
    stage_in_prison = models.BooleanField("in prison", default=False)
    stage_in_community = models.BooleanField("in the community", default=False)
    # "Sensitive and complex" cases that many services exclude.
    domestic_abuse = models.CharField(max_length=12, choices=Takes.choices, default=Takes.NO)
    sexual_offences = models.CharField(max_length=12, choices=Takes.choices, default=Takes.NO)
    hate_crime = models.CharField(max_length=12, choices=Takes.choices, default=Takes.NO)
    offence_notes = models.CharField(
        "other offence types",
        max_length=300,
        blank=True,
        help_text="Anything else it takes or does not take.",
    )
    # How people are referred.
    referral_self = models.BooleanField("self-referral", default=False)
    referral_police = models.BooleanField("police", default=False)
    referral_victim_support = models.BooleanField("Victim Support", default=False)
    referral_probation = models.BooleanField("probation", default=False)
    referral_prison = models.BooleanField("prison", default=False)
    # How it is delivered.
    delivery_face_to_face = models.BooleanField("face to face", default=True)
    delivery_letters = models.BooleanField("letters", default=False)
    delivery_video = models.BooleanField("video", default=False)
    delivery_shuttle = models.BooleanField(
        "shuttle", default=False, help_text="Messages passed between the people by a facilitator."
    )
    languages = models.CharField(
        max_length=200, default="English", help_text="Comma-separated, e.g. “English, Welsh”."
    )
    bsl = models.BooleanField("British Sign Language", default=False)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField("public email", blank=True)
    website = models.URLField(max_length=500, blank=True)
    check_email = models.EmailField(
        "email for checks",
        blank=True,
        help_text="Where we ask every six months whether the entry is still correct (not "
        "shown to the public). Empty: the public email.",
    )
    rjc_registered_until = models.DateField(
        "Restorative Justice Council registration until",
        null=True,
        blank=True,
        help_text="Empty if the organisation is not RJC registered.",
    )
    funder = models.CharField(
        max_length=200, blank=True, help_text="e.g. the police and crime commissioner."
    )
    national = models.BooleanField(
        default=False,
        help_text="Covers all of England and Wales: shown on every area's page as the fallback.",
    )
    areas = models.ManyToManyField(Area, blank=True, related_name="services")
    last_checked = models.DateField(
        null=True, blank=True, help_text="When the entry was last confirmed as correct."
    )
    check_requested_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When we last asked for a check."
    )
    is_demo = models.BooleanField(
        default=False, editable=False, help_text="Loaded as demo content."
    )

    class Meta:
        default_permissions = PUBLISHABLE_PERMISSIONS
        ordering = ["title"]

    def get_absolute_url(self):
        return cached_reverse("directory:service", kwargs={"slug": self.slug})

    @property
    def check_address(self) -> str:
        return self.check_email or self.email

    @property
    def language_list(self) -> list[str]:
        return [name.strip() for name in self.languages.split(",") if name.strip()]

    def labels(self, prefix: str) -> list[str]:
        """The verbose names of the ticked booleans whose names start with `prefix`."""
        return [
            str(field.verbose_name)
            for field in self._meta.get_fields()
            if field.name.startswith(prefix)
            and isinstance(field, models.BooleanField)
            and getattr(self, field.name)
        ]

    @property
    def stages(self) -> list[str]:
        return self.labels("stage_")

    @property
    def referral_routes(self) -> list[str]:
        return self.labels("referral_")

    @property
    def delivery(self) -> list[str]:
        return self.labels("delivery_")

    @property
    def ages(self) -> list[str]:
        pairs = [(self.adults, "adults"), (self.young_people, "young people (under 18)")]
        return [label for flag, label in pairs if flag]

    @property
    def sensitive_cases(self) -> list[tuple[str, str]]:
        return [
            ("domestic abuse", self.get_domestic_abuse_display()),
            ("sexual offences", self.get_sexual_offences_display()),
            ("hate crime", self.get_hate_crime_display()),
        ]


class Postcode(models.Model):
    """One row of the ONS postcode directory, cut down to what the directory needs.

    Replaced wholesale by `manage.py import_postcodes` each quarter; never written otherwise.
    """

    postcode = models.CharField(max_length=7, primary_key=True, help_text="No space, capitals.")
    pfa = models.CharField("police force area", max_length=9, blank=True)
    lad = models.CharField("local authority district", max_length=9, blank=True)
    country = models.CharField(max_length=9, blank=True)
    terminated = models.BooleanField(default=False)

    def __str__(self):
        return self.postcode
