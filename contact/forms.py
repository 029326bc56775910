import secrets
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError

from .models import ContactMessage

# Named after the app that first held the form: tokens already handed out stay valid.
STARTED_SALT = "cja_site.contact.started"
# A form older than this is refused, so a signed timestamp cannot be harvested and reused forever.
STARTED_MAX_AGE_SECONDS = 24 * 60 * 60
OUTAGE_MESSAGE = (
    "We are having trouble sending messages at the moment. Everything you typed is still "
    "here: please try sending it again in a few minutes."
)


def started_token() -> str:
    """A signed record of when the form was shown (for the minimum fill time), with a nonce.

    The nonce is stored with the message it sent, so each token sends one message only.
    """
    return signing.dumps({"at": time.time(), "nonce": secrets.token_urlsafe(16)}, salt=STARTED_SALT)


def no_line_breaks(value: str) -> None:
    # Names end up in email subjects: a line break there could add a mail header.
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value):
        raise ValidationError("Enter your name on one line")


class ContactForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=150,
        validators=[no_line_breaks],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name"},
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We only use it to reply to this message.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    subject = forms.ChoiceField(
        label="What is your message about?",
        choices=ContactMessage.Subject.choices,
        initial=ContactMessage.Subject.GENERAL,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what your message is about"},
    )
    message = forms.CharField(
        label="Your message",
        max_length=5000,
        help_text="Up to 5,000 characters.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter your message",
            "max_length": "Your message must be 5,000 characters or fewer",
        },
    )
    contact_preference = forms.ChoiceField(
        label="How may we contact you safely?",
        choices=ContactMessage.ContactPreference.choices,
        initial=ContactMessage.ContactPreference.EMAIL,
        widget=forms.RadioSelect,
        help_text="If someone else reads your email, tell us not to mention your message.",
        error_messages={"required": "Choose how we may contact you"},
    )
    # Bots fill in every field; people never see this one.
    website = forms.CharField(label="Leave this field empty", required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial.setdefault("started", started_token())

    def clean_started(self) -> str:
        """The form's nonce, once the token is genuine, unexpired and old enough."""
        try:
            token = signing.loads(
                self.cleaned_data["started"], salt=STARTED_SALT, max_age=STARTED_MAX_AGE_SECONDS
            )
            shown_at, nonce = float(token["at"]), str(token["nonce"])
        except (signing.BadSignature, TypeError, KeyError, ValueError):
            # Forged, expired, or a timestamp-only token from before nonces.
            self._renew_started()
            raise ValidationError(
                "This form had expired. Check your message and send it again."
            ) from None
        if time.time() - shown_at < settings.CONTACT_MIN_FILL_SECONDS:
            raise ValidationError("Please check your message, then send it again.")
        return nonce

    def reject_as_already_sent(self) -> None:
        """The token has sent a message already: a double submit, or a replay."""
        self._renew_started()
        self.add_error(
            None,
            "We have already received this message. To send another, check it and send it again.",
        )

    def reject_as_database_unavailable(self) -> None:
        self.add_error(None, OUTAGE_MESSAGE)

    def _renew_started(self) -> None:
        self.data = self.data.copy()
        self.data[self.add_prefix("started")] = started_token()

    def add_error(self, field, error):
        # The hidden timestamp has no visible field: show its errors at the top of the form.
        super().add_error(None if field == "started" else field, error)

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def submission(self) -> dict:
        fields = ["name", "email", "subject", "message", "contact_preference"]
        return {field: self.cleaned_data[field] for field in fields} | {
            "form_nonce": self.cleaned_data["started"]
        }
