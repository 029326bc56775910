from django import forms

from ..models import Rsvp


class FirstChoiceRadioSelect(forms.RadioSelect):
    """Radios whose "label id" is the first radio's, so the error summary's link moves focus
    to the choices (Django gives a radio group none)."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label="Will you attend?", choices=Rsvp.Response.choices, widget=FirstChoiceRadioSelect
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
