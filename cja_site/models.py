from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from publishing.models import PUBLISHABLE_PERMISSIONS, Publishable, ReviewRule
from publishing.richtext import rich_text_field
from sitewide.reversing import cached_reverse


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: staff, or a member of the expert group. Email is the login."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the admin.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Page(Publishable):
    """A staff-editable page: the "Restorative CJS" landing page, about, privacy, cookies…"""

    review_default = ReviewRule.EXIT_PAGE

    summary = models.TextField(blank=True, help_text="One or two sentences, shown under the title.")
    body = rich_text_field(blank=True)
    theme = models.CharField(
        max_length=100,
        blank=True,
        help_text='A label shown above the title, e.g. "Systems change".',
    )
    show_exit_button = models.BooleanField(
        "Show the 'Exit this page' button",
        default=False,
        help_text="For pages meant for people harmed by crime: a red button at the top (and "
        "the Shift key pressed three times) leaves at once for a neutral website, signing the "
        "visitor out and clearing what they typed.",
    )
    is_demo = models.BooleanField(
        default=False, editable=False, help_text="Loaded as demo content."
    )

    class Meta:
        default_permissions = PUBLISHABLE_PERMISSIONS
        ordering = ["title"]

    def get_absolute_url(self):
        return cached_reverse("page", kwargs={"slug": self.slug})
