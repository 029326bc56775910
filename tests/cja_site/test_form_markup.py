"""Form fields describe themselves to assistive technology: a list of rules as the field's
description (not lost inside a <p>), and radios grouped under their question."""

import re

import pytest
from django.urls import reverse

from cja_site.models import User
from tests.publications.factories import AttachmentFactory

pytestmark = pytest.mark.django_db


def test_the_password_rules_are_the_new_password_fields_description(client):
    user = User.objects.create_user(email="ada@example.org", password="river-lantern-orchard-57")
    client.force_login(user)
    html = client.get(reverse("account_change_password")).content.decode()
    (described_by,) = re.findall(
        r'<input type="password" name="password1"[^>]*aria-describedby="([^"]+)"', html
    )
    hint = re.search(rf'<div class="hint" id="{described_by}">(.*?)</div>', html, re.S).group(1)
    assert "<ul>" in hint and "<li>" in hint
    assert '<p class="hint"' not in html


def test_the_format_radios_are_a_fieldset_whose_legend_asks_the_question(client):
    attachment = AttachmentFactory()
    path = reverse("formats:request", args=[attachment.publication.slug, attachment.pk])
    html = client.get(path).content.decode()
    fieldset = re.search(r"<fieldset[^>]*>(.*?)</fieldset>", html, re.S).group(1)
    assert "<legend>Which format do you need?</legend>" in fieldset
    radios = re.findall(r'<input type="radio"[^>]*id="([^"]+)"', fieldset)
    assert len(radios) >= 5
    labels = re.findall(r'<label for="([^"]*)"', fieldset)
    assert labels == radios
