"""The expert group's demo content: members first, then the meetings they answer.

Members: a chair and members, and two accounts to sign in with. The sign-in accounts have known
passwords, so they are created (and printed) only when DEBUG is on; production never gets them.

Meetings: one past (approved, circulated minutes and actions) and one a few weeks ahead (agenda
and papers), with the active members' RSVPs; with no active members yet it records none.

Safe to run again.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from .models import Action, AgendaItem, Meeting, Membership, Minutes, Paper, Rsvp
from .services.meetings import paper_describe_file

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
    return load_members() + load_meetings()


# ------------------------------------------------------------------------------
# Members
# ------------------------------------------------------------------------------
def _user(*, email: str, full_name: str, password: str | None = None, **extra):
    user, _ = get_user_model().objects.update_or_create(
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


def _membership(*, user, **fields) -> Membership:
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


# ------------------------------------------------------------------------------
# Meetings (after the members, whose answers they record)
# ------------------------------------------------------------------------------
LONDON = ZoneInfo("Europe/London")
DEMO = "[Demo data] "

PAST_MINUTES = """
<h2>Present</h2>
<p>The chair, members of the group and the secretariat. Apologies were received from two members.</p>
<h2>1. Barriers to a restorative system</h2>
<p>Members described how far access to restorative justice still depends on where a victim
lives. They agreed that a national action plan is the clearest way to widen access, awareness
and the capacity to deliver it.</p>
<h2>2. Restorative practice in prisons</h2>
<p>The group discussed training prison staff to handle conflict restoratively and embedding the
same approach in staff policies. The secretariat will draft a note for the next meeting.</p>
<h2>3. Any other business</h2>
<p>None.</p>
"""

PAST_ACTIONS = [
    ("Draft a note on restorative training for prison staff.", 14, Action.Status.OPEN),
    (
        "Share examples of restorative work in schools that prevented exclusions.",
        21,
        Action.Status.OPEN,
    ),
    ("Circulate the list of local restorative services.", 7, Action.Status.DONE),
]

UPCOMING_PAPERS = [
    ("Paper A: Towards a national action plan", Paper.Confidentiality.CHATHAM_HOUSE),
    ("Paper B: Restorative practice in prisons (draft note)", Paper.Confidentiality.DRAFT),
]

UPCOMING_AGENDA = [
    ("Welcome, apologies and the minutes of the last meeting", "The chair", 10, []),
    ("Towards a national action plan for restorative justice", "The secretariat", 40, [0]),
    ("Restorative practice in prisons", "A member of the group", 40, [1]),
    ("Actions and next steps", "The chair", 15, []),
]


def demo_pdf(title: str) -> bytes:
    """A one-page PDF with the title on it, small and valid (cross-reference table included)."""
    text = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj 0 -28 Td /F1 12 Tf (Demo paper) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    output += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    output += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(output)


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


def _meeting(title: str, day, **fields) -> Meeting:
    meeting, _ = Meeting.objects.update_or_create(
        title=DEMO + title,
        defaults={
            "starts_at": _at(day, 14),
            "ends_at": _at(day, 16),
            "format": Meeting.Format.HYBRID,
            "venue": "Demo venue: meeting room 2, 1 Example Street, London",
            "joining_link": "https://meet.example.org/demo-expert-group",
            "accessibility": "Step-free entrance and lift; hearing loop in the room; live captions online.",
            **fields,
        },
    )
    return meeting


def load_meetings() -> list[str]:
    today = timezone.localdate()
    members = [
        membership.user
        for membership in Membership.objects.filter(
            status=Membership.Status.ACTIVE, user__isnull=False
        ).select_related("user")
    ]

    past = _meeting(
        "Expert group: barriers to a restorative system",
        today - timedelta(weeks=6),
        description="The group's regular meeting on the barriers to a restorative criminal justice system.",
    )
    Minutes.objects.update_or_create(
        meeting=past,
        defaults={
            "body": PAST_MINUTES,
            "status": Minutes.Status.CIRCULATED,
            "approved_at": past.ends_at + timedelta(days=10),
            "circulated_at": past.ends_at + timedelta(days=11),
        },
    )
    for index, (text, due_in_days, status) in enumerate(PAST_ACTIONS):
        Action.objects.update_or_create(
            raised_at=past,
            text=text,
            defaults={
                "owner": members[index % len(members)] if members else None,
                "due_on": today + timedelta(days=due_in_days),
                "status": status,
            },
        )

    upcoming = _meeting(
        "Expert group: ways forward",
        today + timedelta(weeks=3),
        description="Ways forward: a national action plan, and restorative practice in prisons.",
    )
    papers = [
        _paper(upcoming, title, label, order)
        for order, (title, label) in enumerate(UPCOMING_PAPERS)
    ]
    for order, (title, presenter, minutes, paper_indexes) in enumerate(UPCOMING_AGENDA):
        item, _ = AgendaItem.objects.update_or_create(
            meeting=upcoming,
            title=title,
            defaults={"order": order, "presenter": presenter, "duration_minutes": minutes},
        )
        item.papers.set([papers[index] for index in paper_indexes])

    responses = [Rsvp.Response.ATTENDING, Rsvp.Response.ATTENDING, Rsvp.Response.APOLOGIES]
    for index, user in enumerate(members):
        for meeting in (past, upcoming):
            Rsvp.objects.get_or_create(
                meeting=meeting, user=user, defaults={"response": responses[index % 3]}
            )
    return [f"Expert group meetings: 2 demo meetings, RSVPs for {len(members)} member(s)."]


def _paper(meeting: Meeting, title: str, label: str, order: int) -> Paper:
    paper = Paper.objects.filter(meeting=meeting, title=title).first()
    if paper is None:
        paper = Paper(meeting=meeting, title=title)
    paper.confidentiality = label
    paper.order = order
    if not paper.file or not paper.file.storage.exists(paper.file.name):
        paper.file.save("demo-paper.pdf", ContentFile(demo_pdf(title)), save=False)
        paper_describe_file(paper=paper)
    paper.save()
    return paper
