from django import forms

from .models import Publication


class PublicationFilterForm(forms.Form):
    """The list page's filters; every choice is optional."""

    kind = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *Publication.Kind.choices]
    )
    topic = forms.SlugField(label="Topic", required=False)
    series = forms.SlugField(label="Series", required=False)
    year = forms.IntegerField(label="Year", required=False, min_value=1990, max_value=2100)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer what exists; a value that matches nothing (an old bookmark) simply finds nothing.
        offered = set(choices["kinds"])
        self.fields["kind"].widget.choices = [("", "All types")] + [
            (value, label) for value, label in Publication.Kind.choices if value in offered
        ]
        self.fields["topic"].widget = forms.Select(
            choices=[("", "All topics")] + [(t.slug, t.name) for t in choices["topics"]]
        )
        self.fields["series"].widget = forms.Select(
            choices=[("", "All series")] + [(s.slug, s.title) for s in choices["series"]]
        )
        self.fields["year"].widget = forms.Select(
            choices=[("", "Any year")] + [(y, y) for y in choices["years"]]
        )
