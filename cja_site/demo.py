"""The site's own pages as demo content: the facts of the launch, in the site's own words."""

from publishing.models import Status, Topic

from .models import Page

TOPICS = [
    ("Restorative justice", "restorative-justice"),
    ("Prisons", "prisons"),
    ("Victims", "victims"),
    ("Youth justice", "youth-justice"),
    ("Schools", "schools"),
    ("Policing", "policing"),
]

RESTORATIVE_CJS_BODY = """
<h2>Why England and Wales need a restorative system</h2>
<p>Today our criminal justice system meets crime mostly with punishment. It does little to mend the
harm that victims live with, and little to help the people who caused that harm take their place
in the community again.</p>
<h2>What restorative justice is</h2>
<p>Restorative justice is a voluntary process. It lets a person harmed by a crime and the person
responsible communicate, with trained support, about the harm and how to address it. Studies
find that it leaves victims more satisfied and better in themselves, and that it lowers
reoffending.</p>
<h2>Restorative practice, beyond the courtroom</h2>
<p>Restorative justice is one part of a wider family of restorative practice and approaches. They
help people recognise the harm they have done, take responsibility for it, settle tension and
conflict, and repair relationships. Some examples:</p>
<ul>
<li><strong>Prisons:</strong> restorative work between prisoners and staff reduces violence.</li>
<li><strong>Schools:</strong> restorative approaches keep children in school, preventing
exclusions and the criminal exploitation that can follow them.</li>
</ul>
<h2>What we do</h2>
<p>We look for openings for restorative justice, practice and approaches in every part of the
system, from policing to prisons, and we make the case for a criminal justice system that is
restorative as a whole. Our <a href="/expert-group/">Restorative Expert Group</a> helps guide
this work.</p>
"""

PAGES = [
    {
        "slug": "restorative-cjs",
        "title": "A restorative criminal justice system",
        "theme": "Systems change",
        "summary": "Why we want a justice system that repairs the harm crime does, and how "
        "restorative justice, practice and approaches can get us there.",
        "body": RESTORATIVE_CJS_BODY,
    },
    {
        "slug": "about",
        "title": "About us",
        "summary": "We are an alliance of organisations working for a fair and effective "
        "criminal justice system in England and Wales.",
        "body": "<p>We bring together charities, researchers and practitioners who share one aim: a "
        "justice system that reduces crime, supports victims and treats everyone fairly. "
        "Restorative justice is one of the ways we pursue it.</p>"
        "<p>This site is demo content: the organisation's details here are placeholders.</p>",
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "summary": "What we collect when you use this site, why, and your rights.",
        "body": "<h2>What we collect</h2><p>When you use our contact form we keep your name, email "
        "address and message so that we can reply. We delete contact messages after a year.</p>"
        "<h2>Members of the expert group</h2><p>We hold members' names, email addresses and the "
        "details they choose to share, to run the group's meetings.</p>"
        "<h2>Your rights</h2><p>You can ask to see, correct or delete what we hold about you by "
        '<a href="/contact/">contacting us</a>. You can also complain to the Information '
        "Commissioner's Office.</p>",
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "summary": "We want everyone to be able to use this site.",
        "body": "<p>This site aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level "
        "AA. You should be able to zoom to 400% without losing content, navigate with a keyboard "
        "alone and use a screen reader. Every page works without JavaScript.</p>"
        "<h2>How we test</h2><p>Each page is checked automatically with axe-core in a real "
        "browser whenever the site changes, and by hand with a keyboard.</p>"
        '<h2>Reporting a problem</h2><p>If something does not work for you, <a href="/contact/">'
        "tell us</a> and we will reply within five working days.</p>",
    },
    {
        "slug": "cookies",
        "title": "Cookies",
        "summary": "This site sets only the cookies it needs to work.",
        "body": "<p>We do not use analytics, advertising or any third-party cookies.</p><table>"
        '<caption>Cookies this site may set</caption><thead><tr><th scope="col">Name</th>'
        '<th scope="col">Purpose</th><th scope="col">Expires</th></tr></thead><tbody>'
        "<tr><td>csrftoken</td><td>Protects forms against forgery</td><td>1 year</td></tr>"
        "<tr><td>sessionid</td><td>Keeps members signed in</td><td>2 weeks</td></tr>"
        "</tbody></table>",
    },
]


def load() -> None:
    for name, slug in TOPICS:
        Topic.objects.update_or_create(slug=slug, defaults={"name": name})
    for page in PAGES:
        Page.objects.update_or_create(
            slug=page["slug"],
            defaults={
                "title": page["title"],
                "theme": page.get("theme", ""),
                "summary": page["summary"],
                "body": page["body"],
                "status": Status.PUBLISHED,
                "is_demo": True,
            },
        )
