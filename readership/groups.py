"""Campaigns and topics as the report groups them: which addresses belong to each.

A campaign is its page and the publications linked to it (its related publications and those
its milestones point to); a topic is the campaigns and publications that carry it. A
publication's address stands for everything under it: its page, its documents and its
citation files. Groups are worked out from the content as it is now, when the report is made.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse

from campaigns.models import Campaign, Milestone
from publications.models import Publication

CAMPAIGN = "campaign"
TOPIC = "topic"
GROUP_KINDS = {CAMPAIGN: "campaign", TOPIC: "topic"}


@dataclass(frozen=True)
class Group:
    kind: str
    pk: int
    name: str
    # Addresses that belong to the group, each with everything under it.
    prefixes: tuple[str, ...]

    @property
    def key(self) -> str:
        """How update emails and visitor estimates name the group: "campaign:12"."""
        return group_key(self.kind, self.pk)

    def holds(self, path: str) -> bool:
        return path.startswith(self.prefixes)


def group_key(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def _campaign_address(slug: str) -> str:
    return reverse("campaigns:detail", kwargs={"slug": slug})


def _publication_address(slug: str) -> str:
    return reverse("publications:detail", kwargs={"slug": slug})


def _publication_prefixes() -> dict[int, str]:
    return {
        pk: _publication_address(slug) for pk, slug in Publication.objects.values_list("pk", "slug")
    }


def campaign_groups() -> list[Group]:
    publications = _publication_prefixes()
    linked: dict[int, set[int]] = defaultdict(set)
    for campaign_id, publication_id in Campaign.related_publications.through.objects.values_list(
        "campaign_id", "publication_id"
    ):
        linked[campaign_id].add(publication_id)
    for campaign_id, publication_id in Milestone.objects.exclude(publication=None).values_list(
        "campaign_id", "publication_id"
    ):
        linked[campaign_id].add(publication_id)
    return [
        Group(
            CAMPAIGN,
            pk,
            title,
            (_campaign_address(slug), *sorted(publications[pk] for pk in linked[pk])),
        )
        for pk, title, slug in Campaign.objects.order_by("title").values_list("pk", "title", "slug")
    ]


def topic_groups() -> list[Group]:
    topics: dict[int, tuple[str, list[str]]] = {}
    for pk, name, slug in Campaign.topics.through.objects.values_list(
        "topic_id", "topic__name", "campaign__slug"
    ):
        topics.setdefault(pk, (name, []))[1].append(_campaign_address(slug))
    for pk, name, slug in Publication.topics.through.objects.values_list(
        "topic_id", "topic__name", "publication__slug"
    ):
        topics.setdefault(pk, (name, []))[1].append(_publication_address(slug))
    return sorted(
        (
            Group(TOPIC, pk, name, tuple(sorted(prefixes)))
            for pk, (name, prefixes) in topics.items()
        ),
        key=lambda group: group.name,
    )


def groups_of(kind: str) -> list[Group]:
    return campaign_groups() if kind == CAMPAIGN else topic_groups()
