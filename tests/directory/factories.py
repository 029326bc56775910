import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from directory.models import Area, Service
from publishing.models import Status


class AreaFactory(DjangoModelFactory):
    """A local authority district (the 43 police force areas come from the migration)."""

    class Meta:
        model = Area
        django_get_or_create = ["gss_code"]

    gss_code = factory.Sequence(lambda n: f"E0900{n:04d}")
    name = factory.Sequence(lambda n: f"District {n}")
    kind = Area.Kind.LOCAL_AUTHORITY


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    organisation = "A demo organisation"
    description = "<p>What it offers.</p>"
    status = Status.PUBLISHED
    email = factory.Sequence(lambda n: f"service{n}@example.org")
    last_checked = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)
