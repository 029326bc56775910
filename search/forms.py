from django import forms

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search campaigns, publications and pages",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": "Search for at most %(limit_value)d characters: try a few key words."
        },
    )
