from .models import Page


def page_get_public(*, slug: str) -> Page | None:
    return Page.objects.published().filter(slug=slug).first()
