from django.conf import settings
from django.db import models
from django.utils import timezone


class SignIn(models.Model):
    """One session of an account, as "Where you are signed in" shows it to its owner.

    It names its session by the keyed hash the session store keeps, never by the cookie's key,
    and goes when the session ends: on signing out, on "Exit this page", or when ended from here.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_ins"
    )
    stored_key = models.CharField(max_length=40, unique=True, editable=False)
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField("browser", max_length=200, blank=True)
    created_at = models.DateTimeField("signed in", default=timezone.now)
    last_seen_at = models.DateTimeField("last seen", default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "sign-in"

    def __str__(self) -> str:
        return f"{self.user_agent or 'Unknown browser'} ({self.ip or 'unknown address'})"
