from .models import Page


def protected_paths() -> list[str]:
    """Pages that carry "Exit this page"."""
    return [page.get_absolute_url() for page in Page.objects.filter(show_exit_button=True)]
