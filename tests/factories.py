import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.utils import timezone
from factory.django import DjangoModelFactory

from cja_site.models import Page, User
from publishing.models import Status, Topic

PASSWORD = "a-long-test-password"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(PASSWORD)


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PageFactory(DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    summary = "A short summary."
    body = "<p>Body text.</p>"
    status = Status.PUBLISHED


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def staff_user(*, with_totp: bool = True, permissions: tuple[str, ...] = (), **kwargs):
    """A superuser who can use the admin: staff need an authenticator (sitewide.staff).

    With `is_superuser=False` it holds only `permissions` ("app_label.codename")."""
    from django.contrib.auth.models import Permission

    kwargs.setdefault("is_superuser", True)
    user = verified(UserFactory(is_staff=True, **kwargs))
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    if with_totp:
        TOTP.activate(user, TEST_TOTP_SECRET)
    return user


def totp_code(secret: str = TEST_TOTP_SECRET, offset: int = 0) -> str:
    counter = int(timezone.now().timestamp()) // 30 + offset
    return format_hotp_value(hotp_value(secret, counter))
