from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .publishing import Publishable, rich_text_field


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


class Topic(models.Model):
    """A subject shared by campaigns and publications: prisons, victims, youth justice…"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Used in the addresses of lists filtered by this topic; changing it breaks "
        "links to them.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Page(Publishable):
    """A staff-editable page: the "Restorative CJS" landing page, about, privacy, cookies…"""

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
        ordering = ["title"]

    def get_absolute_url(self):
        return reverse("page", kwargs={"slug": self.slug})


class ContactMessage(models.Model):
    """A message sent through the contact form; deleted after the retention period."""

    class Subject(models.TextChoices):
        GENERAL = "general", "General enquiry"
        PRESS = "press", "Press and media"
        EXPERT_GROUP = "expert-group", "Joining the Restorative Expert Group"
        RESTORATIVE_JUSTICE = "restorative-justice", "Finding restorative justice"
        OTHER = "other", "Something else"

    class ContactPreference(models.TextChoices):
        EMAIL = "email", "Email is fine"
        EMAIL_NO_DETAILS = "email-no-details", "Email, but do not mention details of my message"
        DO_NOT_CONTACT = "none", "Please do not reply"

    name = models.CharField(max_length=150)
    email = models.EmailField()
    subject = models.CharField(max_length=30, choices=Subject.choices, default=Subject.GENERAL)
    message = models.TextField(max_length=5000)
    contact_preference = models.CharField(
        "how may we contact you safely?",
        max_length=20,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    form_nonce = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        editable=False,
        help_text="The nonce of the form that sent it: each form sends one message only.",
    )

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.get_subject_display()} from {self.name}"

    @property
    def reference(self) -> str:
        """What the sender is told to quote, e.g. CJA-2026-000123."""
        return f"CJA-{timezone.localtime(self.received_at):%Y}-{self.pk:06d}"


class Redirect(models.Model):
    """A permanent redirect left behind when a published item's address changes."""

    old_path = models.CharField(
        max_length=300,
        unique=True,
        help_text="The address that moved, e.g. /campaigns/old-name/. Visitors to it are sent on.",
    )
    new_path = models.CharField(max_length=300, help_text="Where visitors are sent instead.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"
