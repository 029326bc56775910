from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "contact"
    attention_checks = "contact.attention.checks"
    verbose_name = "Contact"
