"""A form field's <select> written directly, byte for byte as Django's Select widget renders it.

On a hot public page (the publications list's filters) the form renderer's template for each
select and each of its options cost about a quarter of the page's render time.
"""

from django import template
from django.forms import Select
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def select_field(field):
    """`{% select_field form.kind %}`: the field's select, with its ARIA attributes and value."""
    widget = field.field.widget
    if type(widget) is not Select:
        return field.as_widget()  # anything else (optgroups, multiple) the usual way
    attrs = field.build_widget_attrs({**widget.attrs})
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    value = field.value()
    chosen = "" if value is None else str(value)
    options = []
    found = False
    for option_value, label in widget.choices:
        option_value = "" if option_value is None else str(option_value)
        selected = not found and option_value == chosen
        found = found or selected
        options.append(
            format_html(
                '\n  <option value="{}"{}>{}</option>\n',
                option_value,
                mark_safe(" selected") if selected else "",
                label,
            )
        )
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        field.html_name,
        _attrs(attrs),
        mark_safe("".join(conditional_escape(option) for option in options)),  # noqa: S308
    )


def _attrs(attrs: dict):
    shown = [(name, value) for name, value in attrs.items() if value is not False]
    return format_html_join(
        "",
        " {}{}",
        ((name, "" if value is True else format_html('="{}"', value)) for name, value in shown),
    )
