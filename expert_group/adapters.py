"""allauth, customised through its adapter: no open sign-up, and its email goes via the outbox."""

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib.sites.shortcuts import get_current_site
from django.template.response import TemplateResponse
from django.urls import reverse

from notifications.services import email_queue

from .access import user_has_group_access


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Never: accepting an expert-group invitation (its own page) is the only way in."""
        raise ImmediateHttpResponse(
            TemplateResponse(request, "account/signup_closed.html", status=403)
        )

    def get_login_redirect_url(self, request) -> str:
        """Members and staff land on the members' area; anyone else (a lapsed member) at home."""
        if user_has_group_access(request.user):
            return reverse("expert_group:dashboard")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's message as usual, then queue it in the outbox like every email."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        email_queue(
            key=f"account-{template_prefix.rsplit('/', 1)[-1]}-{uuid.uuid4().hex}",
            to=[email],
            template="account_message",
            context={"subject": message.subject, "body": message.body},
        )
