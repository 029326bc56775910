"""Demo services: clearly fictional names, across several areas, and one national service;
and a small real extract of the ONS Postcode Directory, so that postcode search works at once.

Phone numbers are from Ofcom's range for drama (01632 960xxx); addresses are example.org.
"""

import datetime
from pathlib import Path

from django.utils import timezone

from publishing.models import Status

from .models import Area, Postcode, Service
from .postcodes import postcodes_import
from .services import police_force_areas_load

# A district with a service of its own (ONS code for Southwark, in the Metropolitan Police area):
# SE1 2DL finds Southwark's page, SW1A 1AA (Westminster) the Metropolitan Police's.
DISTRICTS = [("E09000028", "Southwark", "E23000001")]

# Real ONSPD rows (Open Government Licence; see data/onspd_demo.md), in the release's format.
POSTCODES = Path(__file__).parent / "data" / "onspd_demo.csv"

SERVICES = [
    {
        "slug": "northbridge-restorative-justice-hub",
        "title": "Northbridge Restorative Justice Hub",
        "organisation": "Northbridge Restorative Trust (demo)",
        "areas": ["E23000010"],
        "serves": Service.Serves.BOTH,
        "stages": ["before_court", "after_sentence", "in_community"],
        "referrals": ["self", "police", "victim_support"],
        "delivery": ["face_to_face", "letters", "shuttle"],
        "domestic_abuse": Service.Takes.CASE_BY_CASE,
        "languages": "English, Urdu, Polish",
        "funder": "The police and crime commissioner (demo)",
        "rjc": datetime.date(2027, 3, 31),
        "checked_days_ago": 40,
        "description": "<p>Trained facilitators help people harmed by crime, and people who "
        "caused harm, to communicate safely: by letter, through a facilitator, or face to "
        "face.</p>",
    },
    {
        "slug": "southwark-restorative-conversations",
        "title": "Southwark Restorative Conversations",
        "organisation": "Lantern Lane Community Mediation (demo)",
        "areas": ["E09000028"],
        "serves": Service.Serves.HARMED,
        "stages": ["after_sentence", "in_community"],
        "referrals": ["self", "victim_support"],
        "delivery": ["face_to_face", "video"],
        "hate_crime": Service.Takes.YES,
        "languages": "English, Arabic",
        "bsl": True,
        "checked_days_ago": 90,
        "description": "<p>Support for people harmed by crime who want to tell the person "
        "responsible how it affected them.</p>",
    },
    {
        "slug": "valleys-restorative-practice",
        "title": "Valleys Restorative Practice",
        "organisation": "Cwm Demo Restorative Partnership",
        "areas": ["W15000003", "W15000002"],
        "serves": Service.Serves.BOTH,
        "young_people": True,
        "stages": ["before_court", "after_sentence", "in_prison", "in_community"],
        "referrals": ["self", "police", "probation", "prison"],
        "delivery": ["face_to_face", "letters", "video", "shuttle"],
        "languages": "English, Welsh",
        "bsl": True,
        "funder": "The police and crime commissioners for South Wales and Gwent (demo)",
        "rjc": datetime.date(2026, 12, 31),
        "checked_days_ago": 20,
        "description": "<p>Restorative justice in English or Welsh, for adults and young "
        "people, at every stage.</p>",
    },
    {
        "slug": "prison-voices-restorative-project",
        "title": "Prison Voices Restorative Project",
        "organisation": "Open Gate Demo Charity",
        "areas": ["E23000029"],
        "serves": Service.Serves.CAUSED_HARM,
        "stages": ["in_prison"],
        "referrals": ["prison", "probation"],
        "delivery": ["face_to_face", "letters"],
        "languages": "English",
        # Long unconfirmed: shows the public "not checked since" warning.
        "checked_days_ago": 400,
        "description": "<p>Group work in prisons that helps people understand the harm they "
        "caused, and prepares them for restorative justice if the person harmed wants it.</p>",
    },
    {
        "slug": "young-peoples-repair-service",
        "title": "Young People's Repair Service",
        "organisation": "Millbrook Youth Demo Project",
        "areas": ["E23000005"],
        "serves": Service.Serves.BOTH,
        "adults": False,
        "young_people": True,
        "stages": ["before_court", "in_community"],
        "referrals": ["police"],
        "delivery": ["face_to_face", "shuttle"],
        "languages": "English",
        "funder": "The youth justice service (demo)",
        "checked_days_ago": 10,
        "description": "<p>Works with the youth offending team when the person who caused "
        "harm is under 18.</p>",
    },
    {
        "slug": "restorative-justice-national-line",
        "title": "Restorative Justice National Line",
        "organisation": "Demo National Restorative Service",
        "national": True,
        "serves": Service.Serves.BOTH,
        "young_people": True,
        "stages": ["before_court", "after_sentence", "in_prison", "in_community"],
        "referrals": ["self", "police", "victim_support", "probation", "prison"],
        "delivery": ["letters", "video", "shuttle"],
        "domestic_abuse": Service.Takes.CASE_BY_CASE,
        "sexual_offences": Service.Takes.CASE_BY_CASE,
        "hate_crime": Service.Takes.YES,
        "offence_notes": "Takes sensitive and complex cases that local services cannot.",
        "languages": "English, Welsh",
        "bsl": True,
        "funder": "A national grant (demo)",
        "rjc": datetime.date(2027, 6, 30),
        "checked_days_ago": 30,
        "description": "<p>Takes cases from anywhere in England and Wales, including those a "
        "local service cannot.</p>",
    },
]


def load():
    police_force_areas_load()
    lines = [_postcodes_load()]
    for gss_code, name, parent in DISTRICTS:
        Area.objects.update_or_create(
            gss_code=gss_code,
            defaults={
                "name": name,
                "kind": Area.Kind.LOCAL_AUTHORITY,
                "police_force_area": Area.objects.get(gss_code=parent),
            },
        )
    today = timezone.localdate()
    for number, entry in enumerate(SERVICES, start=1):
        service, _ = Service.objects.update_or_create(
            slug=entry["slug"],
            defaults=_fields(entry, number=number, today=today),
        )
        service.areas.set(Area.objects.filter(gss_code__in=entry.get("areas", [])))
    return lines


def _fields(entry: dict, *, number: int, today: datetime.date) -> dict:
    flags = {}
    for prefix, key in (("stage", "stages"), ("referral", "referrals"), ("delivery", "delivery")):
        for field in Service._meta.get_fields():
            if field.name.startswith(prefix + "_"):
                flags[field.name] = field.name.removeprefix(prefix + "_") in entry[key]
    return {
        **flags,
        "title": entry["title"],
        "organisation": entry["organisation"],
        "description": entry["description"],
        "serves": entry["serves"],
        "adults": entry.get("adults", True),
        "young_people": entry.get("young_people", False),
        "domestic_abuse": entry.get("domestic_abuse", Service.Takes.NO),
        "sexual_offences": entry.get("sexual_offences", Service.Takes.NO),
        "hate_crime": entry.get("hate_crime", Service.Takes.NO),
        "offence_notes": entry.get("offence_notes", ""),
        "languages": entry["languages"],
        "bsl": entry.get("bsl", False),
        "phone": f"01632 960{number:03d}",
        "email": f"{entry['slug']}@example.org",
        "website": f"https://{entry['slug']}.example.org/",
        "rjc_registered_until": entry.get("rjc"),
        "funder": entry.get("funder", ""),
        "national": entry.get("national", False),
        "last_checked": today - datetime.timedelta(days=entry["checked_days_ago"]),
        "status": Status.PUBLISHED,
        "is_demo": True,
    }


def _postcodes_load() -> str:
    """The extract, through the real importer; a full directory already imported stays."""
    with POSTCODES.open(encoding="utf-8") as file:
        demo_rows = sum(1 for _ in file) - 1
    loaded = Postcode.objects.count()
    if loaded > demo_rows:
        return f"Postcodes: the {loaded:,} already imported are kept."
    postcodes_import(path=POSTCODES)
    return (
        f"Postcodes: {demo_rows} loaded from the ONSPD extract (try SW1A 1AA, SE1 2DL, "
        "M1 1AD, EH1 1YZ, BT1 5GS, JE2 4WD, IM1 1AD, SE1 9ZZ)."
    )
