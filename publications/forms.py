from django import forms

from .models import Publication

YEARS = range(1990, 2101)


def _unknown(label: str) -> dict:
    """The one message for a value the list does not know, naming the field it came in."""
    return {
        "invalid_choice": f"There is no {label} “%(value)s”. Choose one from the list, "
        "or clear the filters."
    }


class PublicationFilterForm(forms.Form):
    """The list page's filters; every choice is optional, and a value the site does not know (a
    mistyped or made-up address) is refused with the same message, whichever field it is in."""

    kind = forms.ChoiceField(label="Type", required=False, error_messages=_unknown("type"))
    topic = forms.ChoiceField(label="Topic", required=False, error_messages=_unknown("topic"))
    series = forms.ChoiceField(label="Series", required=False, error_messages=_unknown("series"))
    year = forms.TypedChoiceField(
        label="Year",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages=_unknown("year"),
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        # Accepted: every value the site knows (a topic a campaign links to may have no
        # publications yet, and finds nothing). Offered: only those that find something.
        self._choose(
            "kind",
            "All types",
            accepted=Publication.Kind.choices,
            offered=[(v, label) for v, label in Publication.Kind.choices if v in choices["kinds"]],
        )
        self._choose(
            "topic",
            "All topics",
            accepted=[(slug, slug) for slug in choices["known_topics"]],
            offered=[(t.slug, t.name) for t in choices["topics"]],
        )
        self._choose(
            "series",
            "All series",
            accepted=[(slug, slug) for slug in choices["known_series"]],
            offered=[(s.slug, s.title) for s in choices["series"]],
        )
        self._choose(
            "year",
            "Any year",
            accepted=[(str(year), year) for year in YEARS],
            offered=[(str(year), year) for year in choices["years"]],
        )

    def _choose(self, name: str, everything: str, *, accepted, offered) -> None:
        field = self.fields[name]
        field.choices = [("", everything), *accepted]
        field.widget.choices = [("", everything), *offered]
