from django import forms

from sitewide.public_forms import email_address_field

from .models import Subscription


class FollowForm(forms.Form):
    email = email_address_field(
        help_text="We will email you a link to confirm. We use this address only for these updates."
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often", "invalid_choice": "Choose how often"},
    )


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often", choices=Subscription.Frequency.choices, widget=forms.RadioSelect
    )
