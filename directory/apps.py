from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    attention_checks = "directory.attention.checks"
    verbose_name = "Service directory"
