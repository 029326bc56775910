"""What the site's public forms share against abuse: a honeypot field, and a signed token that
refuses a form sent too soon (a bot) or too late (a harvested token) and, stored with what the
form sent, works once."""

import secrets
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError

# A form older than this is refused, so a signed timestamp cannot be harvested and reused forever.
TOKEN_MAX_AGE_SECONDS = 24 * 60 * 60


def form_token(*, salt: str) -> str:
    """A signed record of when the form was shown (for the minimum fill time), with a nonce."""
    return signing.dumps({"at": time.time(), "nonce": secrets.token_urlsafe(16)}, salt=salt)


def no_line_breaks(value: str) -> None:
    """Refuse line breaks (and other control characters): what is typed may end up in an
    email's headers."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value):
        raise ValidationError("Enter this on one line")


def email_address_field(*, help_text: str, **kwargs) -> forms.EmailField:
    """The address a visitor gives a public form, asked for and checked the same everywhere."""
    return forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        **kwargs,
    )


class GuardedForm(forms.Form):
    """A public form with a honeypot and a one-use token. Subclasses name the token's salt, the
    setting that holds the minimum fill time, and what the visitor is sending."""

    token_salt: str
    min_fill_setting: str
    sending = "message"

    # Bots fill in every field; people never see this one.
    website = forms.CharField(label="Leave this field empty", required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("website", "started"):  # last, after the subclass's own fields
            self.fields[name] = self.fields.pop(name)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial.setdefault("started", form_token(salt=self.token_salt))

    def clean_started(self) -> str:
        """The form's nonce, once the token is genuine, unexpired and old enough."""
        try:
            token = signing.loads(
                self.cleaned_data["started"], salt=self.token_salt, max_age=TOKEN_MAX_AGE_SECONDS
            )
            shown_at, nonce = float(token["at"]), str(token["nonce"])
        except (signing.BadSignature, TypeError, KeyError, ValueError):
            # Forged, expired, or a timestamp-only token from before nonces.
            self._renew_started()
            raise ValidationError(
                f"This form had expired. Check your {self.sending} and send it again."
            ) from None
        if time.time() - shown_at < getattr(settings, self.min_fill_setting):
            raise ValidationError(f"Please check your {self.sending}, then send it again.")
        return nonce

    def reject_as_already_sent(self) -> None:
        """The token has sent something already: a double submit, or a replay."""
        self._renew_started()
        self.add_error(
            None,
            f"We have already received this {self.sending}. "
            "To send another, check it and send it again.",
        )

    def _renew_started(self) -> None:
        self.data = self.data.copy()
        self.data[self.add_prefix("started")] = form_token(salt=self.token_salt)

    def add_error(self, field, error):
        # The hidden token has no visible field: show its errors at the top of the form.
        super().add_error(None if field == "started" else field, error)

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
