from django import forms

from .models import Rsvp


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label="Will you attend?", choices=Rsvp.Response.choices, widget=forms.RadioSelect
    )
    access_needs = forms.CharField(
        label="Access needs",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Anything we should arrange so you can take part. Only staff see this.",
    )


class RsvpLinkForm(forms.Form):
    """The confirmation step of a one-click link: the answer is in the signed link itself."""

    access_needs = forms.CharField(
        label="Access needs",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Anything we should arrange so you can take part. Only staff see this. "
        "Leave empty to keep what you told us before.",
    )
