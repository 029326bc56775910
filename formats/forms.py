from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from publications.models import AlternativeFormat
from sitewide.public_forms import GuardedForm, email_address_field, form_token, no_line_breaks

from .models import REQUESTABLE_FORMATS

STARTED_SALT = "formats.request.started"
FORMAT_HINTS = {
    AlternativeFormat.AUDIO: "a recording of the document read aloud",
    AlternativeFormat.BRAILLE: "a file for a Braille embosser or display",
    AlternativeFormat.BSL: "a video",
    AlternativeFormat.EASY_READ: "short sentences with pictures",
    AlternativeFormat.LARGE_PRINT: "bigger text on the page",
    AlternativeFormat.OTHER: "tell us which below, for example Welsh or plain text",
}


started_token = partial(form_token, salt=STARTED_SALT)


class FormatChoice(forms.RadioSelect):
    """Radios whose labels say what each format is."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        hint = FORMAT_HINTS.get(option["value"])
        if hint:
            option["label"] = f"{option['label']}: {hint}"
        return option


class FormatRequestForm(GuardedForm):
    token_salt = STARTED_SALT
    min_fill_setting = "FORMAT_REQUEST_MIN_FILL_SECONDS"
    sending = "request"

    format = forms.ChoiceField(
        label="Which format do you need?",
        widget=FormatChoice,
        error_messages={
            "required": "Choose the format you need",
            "invalid_choice": "Choose one of the formats listed",
        },
    )
    other_format = forms.CharField(
        label="If you chose another format, which one?",
        required=False,
        max_length=200,
        validators=[no_line_breaks],
        error_messages={"max_length": "Describe the format in 200 characters or fewer"},
    )
    email = email_address_field(
        help_text="We send the format to this address when it is ready, and use it for nothing else."
    )
    name = forms.CharField(
        label="Your name",
        required=False,
        max_length=150,
        validators=[no_line_breaks],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    needed_by = forms.DateField(
        label="When do you need it by?",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %m %Y"],
        help_text="Leave it empty if there is no date. For example: 27/03/2027.",
        # One text box, not a date picker: it works the same in every browser and without JS.
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"autocomplete": "off"}),
        error_messages={"invalid": "Enter a real date, for example 27/03/2027"},
    )

    def __init__(self, *args, available: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        # A format already attached is downloaded, not requested ("another" always stays).
        self.fields["format"].choices = [
            (choice.value, choice.label)
            for choice in REQUESTABLE_FORMATS
            if choice == AlternativeFormat.OTHER or choice.value not in available
        ]

    def clean_needed_by(self):
        needed_by = self.cleaned_data["needed_by"]
        if needed_by and needed_by < timezone.localdate():
            raise ValidationError("The date you need it by must be today or in the future")
        return needed_by

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("format") == AlternativeFormat.OTHER and not cleaned.get("other_format"):
            self.add_error("other_format", "Tell us which format you need")
        return cleaned

    def submission(self) -> dict:
        fields = ["format", "other_format", "email", "name", "needed_by"]
        return {field: self.cleaned_data[field] for field in fields} | {
            "form_nonce": self.cleaned_data["started"]
        }
