"""{% select_field %} writes exactly what Django's Select widget renders, without its templates."""

import pytest
from django import forms

from sitewide.templatetags.markup import select_field


class Filters(forms.Form):
    kind = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), ("a", "A & B"), ("b", "<B>")]
    )
    year = forms.IntegerField(required=False, min_value=1990)
    needed = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget = forms.Select(choices=[("", "Any year"), (2024, 2024)])


@pytest.mark.parametrize(
    "data",
    [None, {}, {"kind": "a", "year": "2024"}, {"kind": "zzz", "year": "abc"}, {"year": "1900"}],
)
def test_the_select_is_the_widgets_own_html(data):
    form = Filters(data)
    form.is_valid() if data is not None else None
    for name in ("kind", "year", "needed"):
        assert select_field(form[name]) == str(form[name]), (name, data)


def test_other_widgets_are_left_to_django():
    class Other(forms.Form):
        text = forms.CharField()

    form = Other()
    assert select_field(form["text"]) == str(form["text"])
