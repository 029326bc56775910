from django.apps import AppConfig


class ExpertGroupConfig(AppConfig):
    name = "expert_group"
    verbose_name = "Expert group"
