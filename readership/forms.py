from datetime import timedelta

from django import forms
from django.utils import timezone

LONGEST_PERIOD_DAYS = 400


BY_CHOICES = [("address", "Address"), ("campaign", "Campaign"), ("topic", "Topic")]


class PeriodForm(forms.Form):
    by = forms.ChoiceField(
        label="Figures by",
        choices=BY_CHOICES,
        initial="address",
        required=False,
        help_text="A campaign counts its page and its publications with their documents; a "
        "topic, the campaigns and publications that carry it.",
    )
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    path = forms.CharField(
        label="Address (optional)",
        required=False,
        max_length=300,
        help_text="One page or document, e.g. /publications/annual-report/; empty for the whole site.",
    )
    # The one campaign or topic to show (a link from its row); not a field anyone types in.
    group = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    @classmethod
    def initial_period(cls) -> dict:
        today = timezone.localdate()
        return {
            "start": (today - timedelta(days=28)).isoformat(),
            "end": (today - timedelta(days=1)).isoformat(),
        }

    def clean(self):
        data = super().clean()
        data["by"] = data.get("by") or "address"
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError("The end date must not be before the start date.")
            if (end - start).days > LONGEST_PERIOD_DAYS:
                raise forms.ValidationError(
                    f"Choose a period of at most {LONGEST_PERIOD_DAYS} days."
                )
        return data
