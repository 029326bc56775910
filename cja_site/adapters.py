"""allauth, customised through its adapters: no open sign-up; its email goes via the outbox,
sealed, with links on SITE_URL; authenticator secrets are encrypted at rest."""

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.template.response import TemplateResponse
from django.urls import reverse

from expert_group.permissions import user_has_group_access
from notifications import crypto
from notifications.services import email_queue
from sitewide.site_url import on_site_url


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Never: accepting an expert-group invitation (its own page) is the only way in."""
        raise ImmediateHttpResponse(
            TemplateResponse(request, "account/signup_closed.html", status=403)
        )

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_site_url(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return on_site_url(super().get_email_confirmation_url(request, emailconfirmation))

    def get_login_redirect_url(self, request) -> str:
        """Members and staff land on the members' area; anyone else (a lapsed member) at home."""
        if user_has_group_access(request.user):
            return reverse("expert_group:dashboard")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's message as usual, then queue it in the outbox like every email.

        Account emails carry reset and verification links, so they are queued sealed; every
        `*_url` allauth passes (some are built outside the adapter) is moved onto SITE_URL.
        """
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        for name, value in context.items():
            if name.endswith("_url") and isinstance(value, str):
                ctx[name] = on_site_url(value)
        message = self.render_mail(template_prefix, email, ctx)
        email_queue(
            key=f"account-{template_prefix.rsplit('/', 1)[-1]}-{uuid.uuid4().hex}",
            to=[email],
            template="account_message",
            context={"subject": message.subject, "body": message.body},
            carries_secret=True,
        )


class MFAAdapter(DefaultMFAAdapter):
    """allauth stores TOTP secrets and recovery-code seeds through these hooks, which by
    default keep them in the clear: a database dump would then yield working second factors."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
