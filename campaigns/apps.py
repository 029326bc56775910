from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"
    attention_checks = "campaigns.attention.checks"
    verbose_name = "Campaigns"
    search_source = "campaigns.search.CampaignSearchSource"

    def ready(self):
        from publishing.signals import public_content_register

        from .models import Milestone

        # Campaigns themselves count as public content already (they are Publishable).
        public_content_register(Milestone)
