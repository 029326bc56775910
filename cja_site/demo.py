"""The site's own pages as demo content: the facts of the launch, in the site's own words."""

from datetime import timedelta

from django.utils import timezone

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

STAYING_SAFE_BODY = """
<h2>What the "Exit this page" button does</h2>
<p>Some pages on this site, such as the pages that help you find restorative justice services,
have a red "Exit this page" button at the top. When you select it, or press the Shift key three
times within five seconds, this site:</p>
<ul>
<li>takes you straight to a weather website</li>
<li>signs you out, if you were signed in</li>
<li>clears what you typed into the page, and asks your browser to delete this site's cookies
and anything else this site stored on your device</li>
</ul>
<h2>What it does not do</h2>
<p>The button is a quick way to get this site off your screen. It cannot hide that you were
here.</p>
<ul>
<li>It does not delete your browser history. Anyone who uses your phone, tablet or computer can
still see the pages of this site that you visited.</li>
<li>Someone may have seen the page before you left it, or may still see it if they press
Back.</li>
<li>It does not hide your visit from your internet or mobile provider, from the network at a
workplace, school or library, or from software that someone has put on your device to watch
what you do.</li>
</ul>
<p>If you think someone checks your phone or computer, you could use a device they cannot get
to: at a public library, at work, or one belonging to someone you trust.</p>
<h2>How to delete this site from your browser history</h2>
<p>Deleting your whole history can be noticed, so you may prefer to delete only the pages of
this site. The steps change from one version of a browser to the next; these are the usual
ones.</p>
<ul>
<li><strong>Chrome and Microsoft Edge on a computer:</strong> press Ctrl and H together
(Command and Y on a Mac) to open your history, select the pages of this site and choose
Delete.</li>
<li><strong>Firefox on a computer:</strong> press Ctrl, Shift and H together (Command, Shift
and H on a Mac) to open the Library window, then right-click a page and choose Delete
Page.</li>
<li><strong>Safari on a Mac:</strong> in the History menu choose Show All History, select the
pages and press the Delete key.</li>
<li><strong>Safari on an iPhone or iPad:</strong> tap the Bookmarks button, then the History
tab (a clock), and swipe left on a page to delete it.</li>
<li><strong>Chrome on an Android phone or iPhone:</strong> open the menu, tap History, and
remove the pages one by one.</li>
<li><strong>Samsung Internet:</strong> open the menu, tap History, then tap and hold a page
to delete it.</li>
</ul>
<h2>Private browsing</h2>
<p>A private window (called Incognito in Chrome, InPrivate in Microsoft Edge and Private
Browsing in Firefox and Safari) does not add the pages you visit to your history, and forgets
cookies and anything you typed when you close it. To open one on a computer, press Ctrl,
Shift and N together in Chrome or Edge, or Ctrl, Shift and P in Firefox (Command instead of
Ctrl on a Mac; in Safari, Command, Shift and N). On a phone, look for "New private tab" or
"New Incognito tab" in the browser's menu.</p>
<p>Private browsing has limits too: it does not hide your visit from your provider, a
workplace or school network, or monitoring software, and anyone who picks up your device
while the private window is open can see it. Close every private window when you have
finished.</p>
<h2>If you need help now</h2>
<p>If you are in danger, call 999. If you cannot speak, call 999 from a mobile, listen to the
questions, and when you are asked, press 55: the police will know you need help.</p>
<p><a href="https://www.victimsupport.org.uk/">Victim Support</a> gives free and confidential
help to anyone affected by crime, whether or not it was reported to the police.</p>
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
        "<h2>What we count when you read this site</h2><p>To know which pages and documents "
        "are read, and whether people reach us from search engines, social media, our email "
        "updates, other websites or directly, our server counts each page view, download and "
        "feed fetch. We use no tracking script and set no cookie for this, and we never store "
        "your IP address or browser details. To estimate how many different people visited "
        "each day, the server mixes your IP address and browser name with a random key that "
        "is deleted at midnight; only an anonymous tally is kept, from which no visit can be "
        "traced back to anyone. We keep daily counts for 25 months, then monthly totals. "
        "Signed-in staff and search engine robots are not counted. "
        "Links in our email updates say which campaign or topic the email was about, never "
        "who it was sent to.</p>"
        "<h2>How to object to being counted</h2><p>Turn on Global Privacy Control "
        "(<code>Sec-GPC</code>) or &ldquo;Do Not Track&rdquo; in your browser and nothing you "
        "read here is counted: we check for it on every visit, with no cookie needed. "
        "Firefox, Brave and DuckDuckGo's browser have it in their privacy settings. Or "
        '<a href="/privacy/counting/">choose not to be counted on this browser</a>: a button '
        "there stores a cookie that says only &ldquo;do not count me&rdquo;, and removes it "
        "again.</p>"
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
        "slug": "staying-safe-online",
        "title": "Staying safe online",
        "summary": 'What the "Exit this page" button does and does not do, and how to remove '
        "this site from your browser history.",
        "body": STAYING_SAFE_BODY,
        "show_exit_button": True,
    },
    {
        "slug": "winter-appeal",
        "title": "Our winter appeal",
        "summary": "Help us keep restorative justice services open this winter.",
        "body": "<p>Services across England and Wales are short of facilitators. A gift this "
        "winter trains one more.</p><p>This page comes down when the appeal ends: it is "
        "scheduled with “Take down at”, and shows on the admin's publishing calendar.</p>",
        "take_down_in_days": 21,
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
        "<tr><td>readership_opt_out</td><td>Set only if you ask us not to count your visits "
        '(on <a href="/privacy/counting/">this page</a>); it holds no identifier</td>'
        "<td>1 year</td></tr>"
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
                "show_exit_button": page.get("show_exit_button", False),
                "take_down_at": _days_from_now(page.get("take_down_in_days")),
                "status": Status.PUBLISHED,
                "is_demo": True,
            },
        )


def _days_from_now(days: int | None):
    if days is None:
        return None
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=17, minute=0, second=0, microsecond=0)
