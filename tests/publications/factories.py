import datetime

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from publications.models import Attachment, Publication, Series
from publishing.models import Status
from tests.documents.samples import PDF


class SeriesFactory(DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ["slug"]

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class PublicationFactory(DjangoModelFactory):
    class Meta:
        model = Publication
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Publication {n}")
    slug = factory.Sequence(lambda n: f"publication-{n}")
    kind = Publication.Kind.BRIEFING
    summary = "A short summary of the publication."
    body = "<p>The body of the publication.</p>"
    published_on = factory.Sequence(lambda n: datetime.date(2022, 1, 1) + datetime.timedelta(n))
    status = Status.PUBLISHED

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class AttachmentFactory(DjangoModelFactory):
    class Meta:
        model = Attachment

    publication = factory.SubFactory(PublicationFactory)
    title = "Full report"
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="report.pdf"))
    file_format = "pdf"
    file_size = len(PDF)
