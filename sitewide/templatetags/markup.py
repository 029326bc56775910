"""The site's template tags: structured data, links on SITE_URL, <time> values, and form
selects written directly.

`select_field` writes a <select> byte for byte as Django's Select widget renders it: on a hot
public page (the publications list's filters) the form renderer's template for each select and
each of its options cost about a quarter of the page's render time.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.forms import Select
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict):
    """Structured data for search engines. A data block is never run, so it needs no nonce,
    and a page kept in the cache stays valid under the next response's CSP."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped for <script>
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    return context["site_url"] + path


@register.filter
def datetime_attr(value) -> str:
    """A <time datetime> value in local time: to the second, as HTML allows no microseconds."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


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
