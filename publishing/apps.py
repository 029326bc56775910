from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing"
    attention_checks = "publishing.attention.checks"

    def ready(self):
        from .models import Redirect, Topic, publishable_models
        from .signals import public_content_register

        # Every app's models are loaded by now: their Publishable subclasses count too.
        public_content_register(*publishable_models(), Topic, Redirect)
