import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
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
