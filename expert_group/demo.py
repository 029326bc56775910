"""The expert group's demo content: a chair and members, and two accounts to sign in with.

The sign-in accounts have known passwords, so they are created (and printed) only when DEBUG
is on; production never gets them.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.utils import timezone

from cja_site.models import User

from .models import Membership

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (development only, printed by make run)
DEMO_STAFF_EMAIL = "demo-staff@example.org"
DEMO_MEMBER_EMAIL = "demo-member@example.org"
# A fixed secret so a developer adds it to an authenticator app once.
DEMO_TOTP_SECRET = "CJADEMOSTAFFTOTPSECRETXX"  # noqa: S105

DEMO_MEMBERS = [
    {
        "email": "demo-chair@example.org",
        "full_name": "Dr Aisha Rahman",
        "role": Membership.Role.CHAIR,
        "organisation": "University of Northmoor (demo)",
        "job_title": "Reader in Criminology",
        "bio": "Researches how victims experience restorative justice and what services "
        "need to offer it well. Demo profile.",
        "listed_publicly": True,
    },
    {
        "email": "demo-practitioner@example.org",
        "full_name": "Tom Whitfield",
        "role": Membership.Role.MEMBER,
        "organisation": "Restorative Services West (demo)",
        "job_title": "Restorative justice facilitator",
        "bio": "Has facilitated hundreds of meetings between people harmed and people "
        "responsible. Demo profile.",
        "listed_publicly": True,
    },
    {
        "email": "demo-prisons@example.org",
        "full_name": "Grace Osei",
        "role": Membership.Role.MEMBER,
        "organisation": "A prison in the Midlands (demo)",
        "job_title": "Head of safer custody",
        "bio": "Leads restorative work between prisoners and staff to reduce violence. "
        "Demo profile.",
        "listed_publicly": True,
    },
    {
        "email": "demo-schools@example.org",
        "full_name": "Daniel Price",
        "role": Membership.Role.MEMBER,
        "organisation": "Eastfield Academy Trust (demo)",
        "job_title": "Inclusion lead",
        "bio": "",
        "listed_publicly": False,
    },
    {
        "email": "demo-observer@example.org",
        "full_name": "Priya Shah",
        "role": Membership.Role.OBSERVER,
        "organisation": "A government department (demo)",
        "job_title": "Policy adviser",
        "bio": "",
        "listed_publicly": False,
    },
]


def load() -> list[str]:
    return load_members()


def _user(*, email: str, full_name: str, password: str | None = None, **extra) -> User:
    user, _ = User.objects.update_or_create(
        email=email, defaults={"full_name": full_name, "is_active": True, **extra}
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _membership(*, user: User, **fields) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        email=user.email,
        defaults={
            "user": user,
            "status": Membership.Status.ACTIVE,
            "is_demo": True,
            **fields,
        },
    )
    if membership.joined_at is None:
        membership.joined_at = timezone.now()
        membership.save(update_fields=["joined_at"])
    return membership


def load_members() -> list[str]:
    for member in DEMO_MEMBERS:
        fields = dict(member)
        user = _user(email=fields.pop("email"), full_name=fields.pop("full_name"))
        _membership(user=user, **fields)
    if not settings.DEBUG:
        return []
    return _load_sign_in_accounts()


def _load_sign_in_accounts() -> list[str]:
    staff = _user(
        email=DEMO_STAFF_EMAIL,
        full_name="Demo Staff",
        password=DEMO_PASSWORD,
        is_staff=True,
        is_superuser=True,
    )
    totp = Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).first()
    if totp is None or decrypt(totp.data["secret"]) != DEMO_TOTP_SECRET:
        Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).delete()
        TOTP.activate(staff, DEMO_TOTP_SECRET)
    member = _user(email=DEMO_MEMBER_EMAIL, full_name="Sam Okafor", password=DEMO_PASSWORD)
    _membership(
        user=member,
        role=Membership.Role.MEMBER,
        organisation="Victim support charity (demo)",
        job_title="Service manager",
        bio="Runs a service supporting victims through restorative justice. Demo profile.",
        listed_publicly=True,
    )
    counter = int(timezone.now().timestamp()) // 30
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
    return [
        "Expert group demo accounts (development only):",
        f"  member: {DEMO_MEMBER_EMAIL} / {DEMO_PASSWORD}",
        f"  staff:  {DEMO_STAFF_EMAIL} / {DEMO_PASSWORD} (admin at /admin/, needs TOTP)",
        f"  staff TOTP secret: {DEMO_TOTP_SECRET} (add it to an authenticator app; "
        f"code right now: {code})",
    ]
