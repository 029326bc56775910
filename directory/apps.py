from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    attention_checks = "directory.attention.checks"
    verbose_name = "Service directory"
    # Its pages carry "Exit this page": readership shows their small counts as "fewer than 10".
    readership_protected_paths = "directory.readership.protected_paths"
