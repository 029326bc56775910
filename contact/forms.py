from functools import partial

from django import forms

from sitewide.public_forms import GuardedForm, email_address_field, form_token, no_line_breaks

from .models import ContactMessage

# Named after the app that first held the form: tokens already handed out stay valid.
STARTED_SALT = "cja_site.contact.started"
OUTAGE_MESSAGE = (
    "We are having trouble sending messages at the moment. Everything you typed is still "
    "here: please try sending it again in a few minutes."
)

started_token = partial(form_token, salt=STARTED_SALT)


class ContactForm(GuardedForm):
    token_salt = STARTED_SALT
    min_fill_setting = "CONTACT_MIN_FILL_SECONDS"

    name = forms.CharField(
        label="Your name",
        max_length=150,
        validators=[no_line_breaks],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name"},
    )
    email = email_address_field(help_text="We only use it to reply to this message.")
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

    def reject_as_database_unavailable(self) -> None:
        self.add_error(None, OUTAGE_MESSAGE)

    def submission(self) -> dict:
        fields = ["name", "email", "subject", "message", "contact_preference"]
        return {field: self.cleaned_data[field] for field in fields} | {
            "form_nonce": self.cleaned_data["started"]
        }
