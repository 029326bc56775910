"""Demo meetings of the Restorative Expert Group: one past (approved, circulated minutes and
actions) and one a few weeks ahead (agenda and papers). Loaded after the members, whose RSVPs
it records; with no active members yet it records none. Safe to run again."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from .models import Action, AgendaItem, Meeting, Membership, Minutes, Paper, Rsvp
from .services_meetings import paper_describe_file

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


def load() -> list[str]:
    return load_meetings()
