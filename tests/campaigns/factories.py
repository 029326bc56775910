import datetime

import factory
from factory.django import DjangoModelFactory

from campaigns.models import Campaign, Milestone
from publishing.models import Status


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    summary = "What this campaign wants."
    body = "<p>Why it matters.</p>"
    status = Status.PUBLISHED

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def related_publications(self, create, extracted, **kwargs):
        if create and extracted:
            self.related_publications.set(extracted)


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    campaign = factory.SubFactory(CampaignFactory)
    date = factory.Sequence(lambda n: datetime.date(2021, 1, 1) + datetime.timedelta(n))
    title = factory.Sequence(lambda n: f"Milestone {n}")
    text = "What happened."
