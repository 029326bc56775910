from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from expert_group.models import Action, AgendaItem, Meeting, Membership, Minutes, Paper, Rsvp
from tests.factories import (  # noqa: F401 (shared with the expert group tests)
    PASSWORD,
    TEST_TOTP_SECRET,
    UserFactory,
    staff_user,
    totp_code,
    verified,
)

# The smallest file our content check accepts as a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda membership: membership.user.email)
    status = Membership.Status.ACTIVE
    role = Membership.Role.MEMBER
    organisation = "Restorative Services (test)"
    joined_at = factory.LazyFunction(timezone.now)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Expert group meeting {n}")
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=14)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + timedelta(hours=2))
    format = Meeting.Format.HYBRID
    venue = "Ground floor meeting room, 1 Example Street, London"
    joining_link = "https://meet.example.org/secret-room-123"
    accessibility = "Step-free access; live captions online."


class PaperFactory(DjangoModelFactory):
    class Meta:
        model = Paper

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="paper.pdf"))
    file_format = "pdf"
    file_size = len(PDF_BYTES)


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Item {n}")
    presenter = "The chair"
    duration_minutes = 20


class MinutesFactory(DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    body = "<p>The group discussed the draft strategy.</p>"


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    raised_at = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Action number {n}")


class RsvpFactory(DjangoModelFactory):
    class Meta:
        model = Rsvp

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    response = Rsvp.Response.ATTENDING
