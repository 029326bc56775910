from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    attention_checks = "publications.attention.checks"
    verbose_name = "Publications"
    search_source = "publications.search.PublicationSearchSource"
    content_checks = "publications.content_checks.attachment_findings"

    def ready(self):
        from publishing.signals import public_content_register

        from .models import Attachment, Series

        # Publications themselves count as public content already (they are Publishable).
        public_content_register(Series, Attachment)
