from datetime import timedelta

from django import forms
from django.utils import timezone

LONGEST_PERIOD_DAYS = 400


class PeriodForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    path = forms.CharField(
        label="Address (optional)",
        required=False,
        max_length=300,
        help_text="One page or document, e.g. /publications/annual-report/; empty for the whole site.",
    )

    @classmethod
    def initial_period(cls) -> dict:
        today = timezone.localdate()
        return {
            "start": (today - timedelta(days=28)).isoformat(),
            "end": (today - timedelta(days=1)).isoformat(),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError("The end date must not be before the start date.")
            if (end - start).days > LONGEST_PERIOD_DAYS:
                raise forms.ValidationError(
                    f"Choose a period of at most {LONGEST_PERIOD_DAYS} days."
                )
        return data
