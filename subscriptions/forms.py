from django import forms

from .models import Subscription


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We will email you a link to confirm. We use this address only for these updates.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.org",
        },
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
