from django.apps import AppConfig


class ExitPageConfig(AppConfig):
    name = "exit_page"
    verbose_name = "Exit this page"

    def ready(self):
        from . import checks  # noqa: F401
