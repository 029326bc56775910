"""`{% url %}` as Django writes it, through the remembered reverse (sitewide.reversing).
A template builtin (settings.TEMPLATES), so every template, the admin's included, uses it."""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from sitewide.reversing import cached_reverse

register = template.Library()


class RememberedURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        url = ""
        try:
            url = cached_reverse(view_name, args, kwargs, current_app=_current_app(context))
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _current_app(context):
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
