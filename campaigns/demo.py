"""Demo campaigns with their milestones, linked to the demo publications.

Dates and the external links are demo values.
"""

import datetime

from django.utils import timezone

from publications.models import Publication
from publishing.models import Status, Topic

from .models import Campaign, Milestone

CAMPAIGNS = [
    {
        "slug": "national-action-plan-for-restorative-justice",
        "title": "A national action plan for restorative justice",
        "featured": True,
        "topics": ["restorative-justice", "victims"],
        "related": [
            "response-to-the-victims-bill-consultation",
            "a-journey-of-learning-growth-and-change",
            "the-cost-of-an-entitlement-to-restorative-justice",
        ],
        "summary": "England and Wales have had no national plan for restorative justice since "
        "the last one ran out in 2018. We want government to produce one, and keep it current.",
        "body": "<h2>Why a plan</h2><p>A national action plan would help more victims get "
        "restorative justice, make more people aware of it and build the capacity to deliver "
        "it everywhere, not just in some areas.</p><h2>Where things stand</h2><p>The last "
        "national plan expired in 2018 and nothing replaced it. We are pressing for a duty on "
        "government to publish a plan and renew it regularly.</p><p>Where you live still "
        'decides whether you can get restorative justice: <a href="/find-restorative-justice/'
        'map/">see the postcode lottery on our map</a>.</p>',
        "milestones": [
            {
                "date": datetime.date(2021, 9, 14),
                "kind": Milestone.Kind.AMENDMENT_TABLED,
                "title": "Amendment tabled to the Police, Crime, Sentencing and Courts Bill",
                "text": "Working with Baroness Molly Meacher, we had an amendment tabled that "
                "would require the government to produce a national action plan for "
                "restorative justice at regular intervals.",
            },
            {
                "date": datetime.date(2021, 11, 22),
                "kind": Milestone.Kind.RESPONSE_RECEIVED,
                "title": "The government responds to the amendment",
                "text": "Ministers replied to the amendment during the Bill's passage through "
                "the House of Lords.",
                "link_url": "https://hansard.parliament.uk/",
                "link_text": "Read the government's response",
            },
            {
                "date": datetime.date(2022, 2, 3),
                "kind": Milestone.Kind.CONSULTATION_ANSWERED,
                "title": "Taking the case to the Victims' Bill",
                "text": "The campaign goes on by other routes: our response to the "
                "government's consultation on the coming Victims' Bill makes the case again.",
                "publication": "response-to-the-victims-bill-consultation",
                "link_text": "Read our response",
            },
        ],
    },
    {
        "slug": "a-more-restorative-approach-in-prisons",
        "title": "A more restorative approach in prisons",
        "featured": True,
        "topics": ["prisons", "restorative-justice"],
        "related": ["response-to-the-prisons-white-paper", "responding-restoratively-covid-19"],
        "summary": "The Prisons White Paper sets the direction for prisons for the next ten "
        "years. We want it to make restorative practice part of everyday prison life.",
        "body": "<h2>What we want</h2><ul><li>Prison staff trained to respond to conflict in "
        "a restorative way.</li><li>HMPPS using restorative practice in its HR policies and "
        "processes, so a restorative culture takes hold among staff as well as prisoners.</li>"
        "</ul>",
        "milestones": [
            {
                "date": datetime.date(2021, 12, 7),
                "kind": Milestone.Kind.OTHER,
                "title": "The government publishes its Prisons White Paper",
                "text": "The White Paper sets out the government's prisons strategy for the next "
                "decade.",
            },
            {
                "date": datetime.date(2022, 3, 8),
                "kind": Milestone.Kind.CONSULTATION_ANSWERED,
                "title": "We respond to the White Paper",
                "text": "Our response calls for restorative training for staff and a "
                "restorative culture across HMPPS.",
                "publication": "response-to-the-prisons-white-paper",
                "link_text": "Read the response",
            },
        ],
    },
]


def load() -> None:
    for entry in CAMPAIGNS:
        data = dict(entry)
        topics = data.pop("topics")
        related = data.pop("related")
        milestones = data.pop("milestones")
        campaign, _ = Campaign.objects.update_or_create(
            slug=data.pop("slug"),
            defaults={**data, "status": Status.PUBLISHED, "is_demo": True},
        )
        campaign.topics.set(Topic.objects.filter(slug__in=topics))
        campaign.related_publications.set(Publication.objects.filter(slug__in=related))
        for milestone in milestones:
            milestone = dict(milestone)
            slug = milestone.pop("publication", None)
            milestone["publication"] = (
                Publication.objects.filter(slug=slug).first() if slug else None
            )
            Milestone.objects.update_or_create(
                campaign=campaign, title=milestone.pop("title"), defaults=milestone
            )
        # Dated as the content is (started at its first step, updated at its latest), not by
        # the moment the demo was loaded: "Last updated" and the feeds show these.
        dates = sorted(milestone["date"] for milestone in milestones)
        if dates:
            Campaign.objects.filter(pk=campaign.pk).update(
                created_at=_at_ten(dates[0]), updated_at=_at_ten(dates[-1])
            )


def _at_ten(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
