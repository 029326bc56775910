"""`reverse()`, remembered. An address depends only on the view's name, its arguments, the
URLconf and the script prefix, yet a page asks for some thirty of them, each a walk of the
resolver's patterns: about a fifth of a fresh render. Only plain arguments (text and whole
numbers; a template's literal is marked-safe text) are remembered; anything else is reversed
afresh."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


def _plain(value) -> bool:
    return isinstance(value, str) or type(value) is int


def cached_reverse(viewname, args=None, kwargs=None, current_app=None) -> str:
    args = tuple(args or ())
    named = tuple(sorted((kwargs or {}).items()))
    plain = isinstance(viewname, str) and all(
        _plain(value) for value in (*args, *(value for _, value in named))
    )
    if not plain:
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _reversed(viewname, args, named, current_app, get_urlconf(), get_script_prefix())


# Bounded: the arguments (slugs, ids) come from content that grows.
@lru_cache(maxsize=16384)
def _reversed(viewname, args, named, current_app, urlconf, _script_prefix) -> str:
    return reverse(viewname, urlconf, args=args, kwargs=dict(named), current_app=current_app)


@receiver(setting_changed)
def _forget_addresses(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _reversed.cache_clear()
