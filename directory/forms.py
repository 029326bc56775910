from django import forms

from .geography import postcode_normalise


class PostcodeForm(forms.Form):
    postcode = forms.CharField(
        label="Your postcode",
        max_length=16,
        help_text="For example, SW1A 1AA. We use it only to find your area: it is not kept.",
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "spellcheck": "false", "class": "input--short"}
        ),
        error_messages={
            "required": "Enter your postcode",
            "max_length": "Enter a postcode, like SW1A 1AA",
        },
    )

    def clean_postcode(self) -> str:
        postcode = postcode_normalise(self.cleaned_data["postcode"])
        if postcode is None:
            raise forms.ValidationError("Enter a full postcode, like SW1A 1AA")
        return postcode


class ServiceFilterForm(forms.Form):
    """The area page's filters; each optional. Works as a plain GET form."""

    who = forms.ChoiceField(
        label="Who is it for?",
        required=False,
        choices=[
            ("", "Anyone"),
            ("harmed", "I was harmed by a crime"),
            ("caused-harm", "I caused harm"),
        ],
    )
    age = forms.ChoiceField(
        label="Age",
        required=False,
        choices=[("", "Any age"), ("adults", "Adults"), ("young-people", "Under 18")],
    )
    offence = forms.ChoiceField(
        label="Type of offence",
        required=False,
        choices=[
            ("", "Any"),
            ("domestic-abuse", "Domestic abuse"),
            ("sexual-offences", "Sexual offences"),
            ("hate-crime", "Hate crime"),
        ],
    )
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[
            ("", "Any stage"),
            ("before-court", "Before court"),
            ("after-sentence", "After sentence"),
            ("in-prison", "In prison"),
            ("in-community", "In the community"),
        ],
    )
