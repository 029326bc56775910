"""Inline fields carry a label that names their row ("Attachment 2: Title"), so a screen reader
announces which attachment, agenda item or paper a field belongs to."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.expert_group.factories import (
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    PaperFactory,
)
from tests.factories import staff_user
from tests.publications.factories import AttachmentFactory, PublicationFactory

pytestmark = pytest.mark.django_db


class Fields(HTMLParser):
    """The form's fields and its labels' text, by the id they label."""

    def __init__(self):
        super().__init__()
        self.fields: list[dict] = []
        self.labels: dict[str, str] = {}
        self._label_for = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self._label_for = attrs["for"]
            self.labels[self._label_for] = ""
        elif tag in ("input", "select", "textarea"):
            self.fields.append(attrs)

    def handle_data(self, data):
        if self._label_for:
            self.labels[self._label_for] += data

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_for = None


def fields_of(html: str) -> Fields:
    parser = Fields()
    parser.feed(html)
    return parser


def unlabelled(page: Fields, prefix: str) -> list[str]:
    return [
        field["name"]
        for field in page.fields
        if field.get("name", "").startswith(prefix)
        and "__prefix__" not in field["name"]
        and field.get("type") != "hidden"
        and field.get("id") not in page.labels
        and "aria-label" not in field
    ]


@pytest.fixture
def staff_client(client):
    client.force_login(staff_user())
    return client


def test_each_attachment_field_names_its_attachment(staff_client):
    publication = PublicationFactory()
    AttachmentFactory.create_batch(2, publication=publication)
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    page = fields_of(staff_client.get(url).content.decode())
    assert unlabelled(page, "attachments-") == []
    assert page.labels["id_attachments-1-title"] == "Attachment 2: Title"
    assert page.labels["id_attachments-1-accessibility"].startswith("Attachment 2: ")
    assert page.labels["id_attachments-0-DELETE"] == "Delete attachment 1"
    # The row a browser adds is numbered when it is added (js/admin.js).
    assert page.labels["id_attachments-__prefix__-title"] == "Attachment new: Title"


def test_each_agenda_item_paper_and_action_field_names_its_row(staff_client):
    meeting = MeetingFactory()
    AgendaItemFactory.create_batch(2, meeting=meeting)
    PaperFactory(meeting=meeting)
    ActionFactory(raised_at=meeting)
    url = reverse("admin:expert_group_meeting_change", args=[meeting.pk])
    page = fields_of(staff_client.get(url).content.decode())
    for prefix in ("agenda_items-", "papers-", "actions-"):
        assert unlabelled(page, prefix) == [], prefix
    assert page.labels["id_agenda_items-1-title"] == "Agenda item 2: Title"
    assert page.labels["id_papers-0-file"] == "Paper 1: File"
