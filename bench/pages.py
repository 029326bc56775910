"""The pages `make bench` measures, and a signed-in member's session to render them afresh.

Run as `python -m bench.pages` (with Django's settings in the environment) it prints both as
JSON, for the benchmark to use against its own gunicorn.
"""

import json

# (label, path, public): a public page is measured from the page cache too.
PUBLIC_PAGES = [
    ("home", "/", True),
    ("publications list, filtered", "/publications/?kind=briefing&topic=restorative-justice", True),
    ("a publication", "/publications/a-journey-of-learning-growth-and-change/", True),
    ("search 'restorative justice'", "/search/?q=restorative+justice", True),
]


def bench_pages() -> list[tuple[str, str]]:
    """Every page in the table, as (label, path)."""
    from django.urls import reverse

    from expert_group.models import Meeting

    meeting = Meeting.objects.order_by("-starts_at").first()
    members = [("members' dashboard", reverse("expert_group:dashboard"))]
    if meeting is not None:
        members.append(("a meeting", reverse("expert_group:meeting-detail", args=[meeting.pk])))
    return [(label, path) for label, path, _ in PUBLIC_PAGES] + members


def member_session_key() -> str:
    """A saved session for the first active member, as a browser that signed in would hold."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from expert_group.models import Membership

    membership = (
        Membership.objects.filter(status=Membership.Status.ACTIVE, user__isnull=False)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise RuntimeError("No active member: load the demo content first.")
    user = membership.user
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps({"pages": bench_pages(), "session": member_session_key()}))
