from django.apps import AppConfig


class ExpertGroupConfig(AppConfig):
    name = "expert_group"
    attention_checks = "expert_group.attention.checks"
    verbose_name = "Expert group"

    def ready(self):
        from .cache import member_pages_connect

        member_pages_connect()
