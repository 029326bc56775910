"""Demo publications: the five of the launch, in the site's own words, each with a small PDF.

Dates, authors and the consultations' details are demo values.
"""

import datetime
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from publishing.models import Status, Topic
from publishing.review import revision_submit
from publishing.revisions import live_data, revision_save, working_copy_of

from .models import Attachment, Publication, Series, accessibility_of_pdf

TEN_AM = datetime.time(10)

# One-page PDFs showing each demo publication's title, named after its slug.
DEMO_FILES = Path(__file__).resolve().parent / "demo_files"

SERIES = {
    "slug": "responding-restoratively",
    "title": "Responding Restoratively",
    "description": "Briefings on how restorative justice, practice and approaches can answer "
    "the challenges facing the justice system and society.",
}

PUBLICATIONS = [
    {
        "slug": "responding-restoratively-covid-19",
        "title": "Responding Restoratively: repairing harm through the pandemic",
        "kind": Publication.Kind.BRIEFING,
        "published_on": datetime.date(2021, 3, 15),
        "authors": "Demo Author",
        "series_part": 1,
        "topics": ["restorative-justice", "prisons", "schools"],
        "summary": "How restorative justice, practice and approaches helped repair harm and "
        "calm conflict during the COVID-19 pandemic, and how they could help society heal as "
        "it recovers.",
        "body": "<h2>What happened</h2><p>Lockdowns put relationships under strain in prisons, "
        "schools and communities. Practitioners adapted: meetings moved online, and restorative "
        "conversations continued where they could.</p><h2>What we learned</h2><p>Restorative "
        "ways of working helped people name the harm done, take responsibility and settle "
        "disputes before they grew.</p><h2>What next</h2><p>As the country recovers, restorative "
        "approaches can help rebuild trust. We set out where they should be used first.</p>",
    },
    {
        "slug": "a-journey-of-learning-growth-and-change",
        "title": "A journey of learning, growth and change",
        "kind": Publication.Kind.BRIEFING,
        "published_on": datetime.date(2022, 6, 20),
        "authors": "Demo Author and Second Demo Author",
        "topics": ["restorative-justice", "victims", "prisons", "schools"],
        "summary": "How restorative justice is used across England and Wales today: we found a "
        "postcode lottery in who can get it, and growing restorative work in schools, prisons "
        "and whole cities.",
        "body": "<h2>Access depends on where you live</h2><p>Whether a victim is offered "
        "restorative justice depends largely on the area they live in. We call this a postcode "
        'lottery, and it should end. <a href="/find-restorative-justice/map/">See the '
        "services in each police force area on our map</a>.</p>"
        "<h2>Beyond restorative justice</h2><p>Restorative "
        "practice is spreading through the criminal justice system. The briefing looks at the "
        "first restorative schools, prisons and cities, and what they teach us.</p>",
    },
    {
        "slug": "the-cost-of-an-entitlement-to-restorative-justice",
        "title": "The cost of an entitlement to restorative justice",
        "kind": Publication.Kind.REPORT,
        "published_on": datetime.date(2016, 9, 12),
        "authors": "Demo Researcher",
        "topics": ["restorative-justice", "victims"],
        "summary": "What it would cost to give every victim in England and Wales the chance to "
        "take part in restorative justice: the first national costing of its kind.",
        "body": "<h2>Why a costing</h2><p>Policy makers had never worked out what a national "
        "entitlement to restorative justice would cost. Without that figure, the case for one "
        "was hard to make.</p><h2>Our estimate</h2><p>We modelled the number of victims likely "
        "to take up an offer and the cost of each case, and set the total against the savings "
        "from reduced reoffending.</p>",
    },
    {
        "slug": "response-to-the-prisons-white-paper",
        "title": "Our response to the Prisons White Paper",
        "kind": Publication.Kind.CONSULTATION_RESPONSE,
        "published_on": datetime.date(2022, 3, 8),
        "authors": "",
        "topics": ["prisons", "restorative-justice"],
        "summary": "We ask for prison staff to be trained in restorative ways of handling "
        "conflict, and for HMPPS to build restorative practice into its HR policies.",
        "body": "<h2>Our recommendations</h2><ul><li>Train prison staff to take a restorative "
        "approach to conflict.</li><li>Use restorative practice in His Majesty's Prison and "
        "Probation Service (HMPPS) HR policies and processes, so that a restorative culture "
        "takes root.</li></ul>",
        "consultation": {
            "consultation_name": "Prisons Strategy White Paper",
            "consultation_department": "Ministry of Justice",
            "consultation_closes": datetime.date(2022, 3, 8),
            "consultation_url": "https://www.gov.uk/government/consultations/prisons-strategy-white-paper",
        },
    },
    {
        "slug": "response-to-the-victims-bill-consultation",
        "title": "Our response to the consultation on a Victims' Bill",
        "kind": Publication.Kind.CONSULTATION_RESPONSE,
        "published_on": datetime.date(2022, 2, 3),
        "authors": "",
        "topics": ["victims", "restorative-justice"],
        "summary": "The Victims' Bill should give every victim the right to be told about "
        "restorative justice and to take part, and oblige government to plan for it nationally.",
        "body": "<h2>What we asked for</h2><p>A duty on government to publish and renew a "
        "national action plan for restorative justice, and a right for victims to be offered "
        "it at any stage of the process.</p>",
        "consultation": {
            "consultation_name": "Delivering justice for victims: a consultation on a Victims' Bill",
            "consultation_department": "Ministry of Justice",
            "consultation_closes": datetime.date(2022, 2, 3),
            # The address tracking follows (tracking/demo.py): publishing its "government
            # response published" event links the response here.
            "consultation_url": "https://www.gov.uk/government/consultations/delivering-justice-"
            "for-victims-a-consultation-on-improving-victims-experiences-of-the-justice-system",
        },
    },
]


def _attach_pdf(publication: Publication) -> None:
    name = f"publications/demo/{publication.slug}.pdf"
    content = (DEMO_FILES / f"{publication.slug}.pdf").read_bytes()
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(content))
    Attachment.objects.update_or_create(
        publication=publication,
        order=0,
        defaults={
            "title": "Full text",
            "file": saved,
            "file_format": "pdf",
            "file_size": len(content),
            "accessibility": accessibility_of_pdf(io.BytesIO(content)),
        },
    )


def load() -> None:
    series, _ = Series.objects.update_or_create(
        slug=SERIES["slug"],
        defaults={"title": SERIES["title"], "description": SERIES["description"]},
    )
    for entry in PUBLICATIONS:
        data = dict(entry)
        topics = data.pop("topics")
        consultation = data.pop("consultation", {})
        part = data.pop("series_part", None)
        publication, _ = Publication.objects.update_or_create(
            slug=data.pop("slug"),
            defaults={
                **data,
                **consultation,
                "series": series if part else None,
                "series_part": part,
                "status": Status.PUBLISHED,
                "is_demo": True,
            },
        )
        publication.topics.set(Topic.objects.filter(slug__in=topics))
        _attach_pdf(publication)
        # Dated as the content is, not by the moment the demo was loaded (feeds, "Updated").
        when = timezone.make_aware(datetime.datetime.combine(publication.published_on, TEN_AM))
        Publication.objects.filter(pk=publication.pk).update(created_at=when, updated_at=when)
    _draft_waiting_for_review(publication)


def _draft_waiting_for_review(publication: Publication) -> None:
    """A change to a live publication waiting for review: the editorial workflow to try."""
    if working_copy_of(publication) is not None:
        return
    revision_save(
        item=publication,
        data={
            **live_data(publication),
            "summary": publication.summary + " Updated with this year's figures.",
        },
        user=None,
        note="Demo: this year's figures",
        check_conflict=False,
    )
    revision_submit(item=publication, user=None, note="Demo: please check the new figures")
