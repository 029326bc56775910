"""Membership forms: accepting an invitation, inviting (admin), a member's own profile."""

import io
import uuid

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

from ..models import Membership

PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTO_MAX_SIDE = 800
PHOTO_MAX_PIXELS = 40_000_000


def photo_clean_copy(upload) -> ContentFile:
    """The upload re-encoded by Pillow: checked by content, resized, without EXIF (location).

    The stored name is random with the extension of the real format, so a file can never be
    served as anything but the image it is.
    """
    upload.seek(0)
    try:
        with Image.open(upload) as opened:
            image_format = opened.format
            if image_format not in PHOTO_FORMATS:
                raise forms.ValidationError("The photo must be a JPEG, PNG or WebP image.")
            if opened.width * opened.height > PHOTO_MAX_PIXELS:
                raise forms.ValidationError("The photo has too many pixels; use a smaller one.")
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, format=image_format)
    except forms.ValidationError:
        raise
    except Exception as error:
        raise forms.ValidationError("The file is not an image we can read.") from error
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{PHOTO_FORMATS[image_format]}")


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(
        label="Your full name",
        max_length=150,
        help_text="As you would like other members to see it.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label="Choose a password",
        help_text="At least 12 characters. A few unrelated words make a strong password.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords do not match.")
        elif password1:
            user = get_user_model()(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class ProfileForm(forms.ModelForm):
    """Checks a member's profile; `membership_profile_update` saves it."""

    full_name = forms.CharField(
        label="Your full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    class Meta:
        model = Membership
        fields = [
            "organisation",
            "job_title",
            "bio",
            "photo",
            "photo_alt",
            "listed_publicly",
            "email_meeting_notices",
            "email_reminders",
            "email_papers",
        ]
        labels = {"job_title": "Job title"}
        help_texts = {
            "bio": "A few sentences about your work. Up to 1,000 characters.",
            "photo": "A JPEG, PNG or WebP image, up to 2 MB.",
            "photo_alt": "Describe the photo for people who cannot see it, e.g. "
            "“Head and shoulders of Sam smiling”. Required with a photo.",
            "listed_publicly": "Your name, organisation, role, bio and photo appear on the "
            "public expert group page. Your email address never does.",
        }
        widgets = {
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "bio": forms.Textarea(attrs={"rows": 5}),
            "photo": forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    remove_photo = forms.BooleanField(label="Remove my photo", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].initial = user.full_name
        if not self.instance.photo:
            del self.fields["remove_photo"]
        self.order_fields(
            ["full_name", "organisation", "job_title", "bio", "photo", "remove_photo"]
        )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo or photo == self.instance.photo:
            return photo
        limit = settings.EXPERT_GROUP_PHOTO_MAX_BYTES
        if photo.size > limit:
            raise forms.ValidationError(f"The photo must be {filesizeformat(limit)} or smaller.")
        return photo_clean_copy(photo)

    def clean(self):
        cleaned = super().clean()
        keeps_photo = cleaned.get("photo") and not (
            cleaned.get("remove_photo") and "photo" not in self.changed_data
        )
        if keeps_photo and not cleaned.get("photo_alt", "").strip():
            self.add_error("photo_alt", "Describe the photo, for people who cannot see it.")
        return cleaned
