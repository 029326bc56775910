"""Members edit their own profile; the public page shows only active members who opted in."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from expert_group.models import Membership

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db

PROFILE = "/expert-group/members/profile/"


def png(size=(40, 40), name="me.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 90)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def profile_data(**overrides):
    data = {
        "full_name": "Ada Mensah",
        "organisation": "Mediation North",
        "job_title": "Director",
        "bio": "Restorative practitioner.",
        "photo_alt": "",
        "listed_publicly": "on",
        "email_meeting_notices": "on",
        "email_papers": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def member(client):
    membership = MembershipFactory(role=Membership.Role.MEMBER)
    client.force_login(membership.user)
    return membership


def test_profile_url_is_the_one_the_header_links_under():
    assert reverse("expert_group:profile") == PROFILE


def test_member_edits_their_profile_and_cannot_change_their_role(client, member):
    page = client.get(PROFILE)
    assert b"Role in the group" in page.content
    response = client.post(PROFILE, profile_data(role="chair", status="ended"))
    assert response.status_code == 302
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert member.user.full_name == "Ada Mensah"
    assert member.organisation == "Mediation North"
    assert member.listed_publicly is True
    assert member.email_reminders is False
    assert member.role == Membership.Role.MEMBER
    assert member.status == Membership.Status.ACTIVE


def test_a_photo_needs_alt_text(client, member):
    response = client.post(PROFILE, profile_data(photo=png()))
    assert response.status_code == 200
    assert b"Describe the photo" in response.content
    member.refresh_from_db()
    assert not member.photo


def test_a_photo_with_alt_text_is_saved_and_served_publicly_once_listed(client, member):
    response = client.post(PROFILE, profile_data(photo=png(), photo_alt="Ada smiling"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.photo and member.photo_alt == "Ada smiling"
    client.logout()
    photo = client.get(reverse("expert_group:member-photo", args=[member.pk]))
    assert photo.status_code == 200
    assert b"".join(photo.streaming_content).startswith(b"\x89PNG")
    page = client.get("/expert-group/")
    assert b'alt="Ada smiling"' in page.content


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(client, member):
    fake = SimpleUploadedFile("me.png", b"<?php echo 'hi'; ?>", content_type="image/png")
    response = client.post(PROFILE, profile_data(photo=fake, photo_alt="Me"))
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    member.refresh_from_db()
    assert not member.photo


def test_an_image_in_another_format_is_refused(client, member):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    gif = SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")
    response = client.post(PROFILE, profile_data(photo=gif, photo_alt="Me"))
    assert b"JPEG, PNG or WebP" in response.content


def test_a_photo_over_the_size_limit_is_refused(client, member, settings):
    settings.EXPERT_GROUP_PHOTO_MAX_BYTES = 100
    response = client.post(PROFILE, profile_data(photo=png((200, 200)), photo_alt="Me"))
    assert response.status_code == 200
    assert b"or smaller" in response.content


def test_public_page_lists_only_active_members_who_opted_in(client, django_assert_max_num_queries):
    listed = MembershipFactory(listed_publicly=True, bio="Works on youth justice.")
    MembershipFactory(listed_publicly=False, user__full_name="Hidden Person")
    MembershipFactory(
        listed_publicly=True, status=Membership.Status.ENDED, user__full_name="Former Member"
    )
    MembershipFactory(
        listed_publicly=True, status=Membership.Status.INVITED, user=None, email="i@example.org"
    )
    with django_assert_max_num_queries(3):
        response = client.get("/expert-group/")
    assert response.status_code == 200
    content = response.content.decode()
    assert listed.user.full_name in content
    assert "Works on youth justice." in content
    assert "Hidden Person" not in content
    assert "Former Member" not in content
    assert listed.email not in content
    assert "/contact/?subject=expert-group" in content


def test_photos_of_unlisted_members_are_for_members_only(client):
    hidden = MembershipFactory(listed_publicly=False, photo=png(), photo_alt="Someone")
    url = reverse("expert_group:member-photo", args=[hidden.pk])
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory().user)
    assert client.get(url).status_code == 200
    assert client.get(reverse("expert_group:member-photo", args=[99999])).status_code == 404


def test_photos_are_re_encoded_resized_and_stripped_of_location_data(client, member):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make; stands for GPS and other metadata
    Image.new("RGB", (2000, 1000), (200, 10, 10)).save(buffer, "JPEG", exif=exif)
    named_html = SimpleUploadedFile("evil.html", buffer.getvalue(), content_type="text/html")
    response = client.post(PROFILE, profile_data(photo=named_html, photo_alt="A red square"))
    assert response.status_code == 200, "only image file names are accepted"
    upload = SimpleUploadedFile("My Holiday.PNG", buffer.getvalue(), content_type="image/png")
    response = client.post(PROFILE, profile_data(photo=upload, photo_alt="A red square"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.photo.name.startswith("members/") and member.photo.name.endswith(".jpg")
    assert "Holiday" not in member.photo.name
    with member.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 800
        assert not image.getexif()
    photo = client.get(reverse("expert_group:member-photo", args=[member.pk]))
    assert photo["Content-Type"] == "image/jpeg"


def test_replacing_or_removing_a_photo_deletes_the_old_file(client, member):
    client.post(PROFILE, profile_data(photo=png(), photo_alt="First"))
    member.refresh_from_db()
    first = member.photo.name
    client.post(PROFILE, profile_data(photo=png(), photo_alt="Second"))
    member.refresh_from_db()
    second = member.photo.name
    assert second != first
    assert not member.photo.storage.exists(first)
    client.post(PROFILE, profile_data(remove_photo="on", photo_alt="Second"))
    member.refresh_from_db()
    assert not member.photo
    assert member.photo_alt == ""
    assert not member.photo.storage.exists(second)
