from django.urls import reverse


def protected_paths() -> list[str]:
    """Every directory page carries "Exit this page"."""
    return [reverse("directory:home")]
