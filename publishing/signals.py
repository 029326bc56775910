"""A change to public content turns the anonymous page cache over; nothing else is listened to.

Every Publishable model counts. Other models that visitors see (a campaign's milestones, a
publication's documents, topics, redirects) are registered by their app's AppConfig.ready.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import public_pages_invalidate


def public_content_register(*models) -> None:
    """Saving or deleting these models' rows, or changing their many-to-many links, turns the
    page cache over."""
    for model in models:
        uid = f"public-content:{model._meta.label_lower}"
        post_save.connect(_invalidate, sender=model, dispatch_uid=uid)
        post_delete.connect(_invalidate, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            through_uid = f"public-content:{through._meta.label_lower}"
            post_save.connect(_invalidate, sender=through, dispatch_uid=through_uid)
            post_delete.connect(_invalidate, sender=through, dispatch_uid=through_uid)
            m2m_changed.connect(_invalidate_on_link_change, sender=through, dispatch_uid=uid)


def _invalidate(sender, **kwargs) -> None:
    public_pages_invalidate()


def _invalidate_on_link_change(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        public_pages_invalidate()
