"""A mail backend standing for an SMTP server that refuses every message."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(554, "SMTP server refused the message")
