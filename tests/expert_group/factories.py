import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.utils import timezone
from factory.django import DjangoModelFactory

from expert_group.models import Membership
from tests.factories import UserFactory

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"
PASSWORD = "a-long-test-password"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda membership: membership.user.email)
    status = Membership.Status.ACTIVE
    role = Membership.Role.MEMBER
    organisation = "Restorative Services (test)"
    joined_at = factory.LazyFunction(timezone.now)


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def staff_user(*, with_totp: bool = True, **kwargs):
    user = verified(UserFactory(is_staff=True, is_superuser=True, **kwargs))
    if with_totp:
        TOTP.activate(user, TEST_TOTP_SECRET)
    return user


def totp_code(secret: str = TEST_TOTP_SECRET, offset: int = 0) -> str:
    counter = int(timezone.now().timestamp()) // 30 + offset
    return format_hotp_value(hotp_value(secret, counter))
