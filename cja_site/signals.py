"""Publishing anything public turns the anonymous page cache over."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .cache import public_pages_invalidate

PUBLIC_CONTENT_APPS = {"campaigns", "publications", "directory"}
PUBLIC_SITE_MODELS = {"page", "topic", "redirect"}


def _is_public_content(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return False
    if meta.app_label in PUBLIC_CONTENT_APPS:
        return True
    return meta.app_label == "cja_site" and meta.model_name in PUBLIC_SITE_MODELS


@receiver(post_save)
@receiver(post_delete)
def invalidate_on_change(sender, **kwargs):
    if _is_public_content(sender):
        public_pages_invalidate()


@receiver(m2m_changed)
def invalidate_on_relation_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and _is_public_content(type(instance)):
        public_pages_invalidate()
