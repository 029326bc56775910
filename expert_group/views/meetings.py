"""The members' meeting pages, paper downloads, calendars and one-click RSVP links.

Every answer to a signed-in person is made `private, no-store` by the site's middleware; pages
also carry `never_cache`, and the calendar feed, asked for without a session, marks itself private.
"""

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.downloads import document_response

from ..cache import member_pages_cached
from ..calendars import feed_ics, meeting_ics
from ..exports import attendance_csv_response
from ..forms.meetings import RsvpForm, RsvpLinkForm
from ..models import CalendarFeed, Meeting, Rsvp
from ..permissions import member_required, staff_required, user_has_group_access
from ..selectors import meetings as selectors
from ..services import meetings as services


def _meeting_or_404(request, pk: int) -> Meeting:
    try:
        return selectors.meeting_detail(user=request.user, pk=pk)
    except Meeting.DoesNotExist as error:
        raise Http404("No such meeting.") from error


@never_cache
@member_required
@require_GET
def dashboard(request):
    context = member_pages_cached(
        request.user, "dashboard", partial(_dashboard_context, user=request.user)
    )
    return render(request, "expert_group/dashboard.html", context)


def _dashboard_context(*, user) -> dict:
    upcoming = list(selectors.meetings_upcoming(user=user)[:10])
    past = [
        (meeting, selectors.minutes_for(meeting=meeting, user=user))
        for meeting in selectors.meetings_past(user=user)[:10]
    ]
    context = {
        "user": user,
        "upcoming": upcoming,
        "my_rsvps": list(selectors.rsvps_of(user=user)),
        "open_actions": list(selectors.actions_open(user=user)[:50]),
        "past": past,
    }
    return {"body_html": render_to_string("expert_group/includes/dashboard_body.html", context)}


@never_cache
@member_required
@require_GET
def meeting_detail(request, pk: int):
    parts = member_pages_cached(
        request.user, f"meeting:{pk}", partial(_meeting_parts, user=request.user, pk=pk)
    )
    if parts is None:
        raise Http404("No such meeting.")
    return _render_meeting(request, parts)


def _meeting_parts(*, user, pk: int) -> dict | None:
    """The meeting's page as written out; None if there is none this person may see."""
    try:
        meeting = selectors.meeting_detail(user=user, pk=pk)
    except Meeting.DoesNotExist:
        return None
    my_rsvp = meeting.my_rsvps[0] if meeting.my_rsvps else None
    form = RsvpForm(
        initial={
            "response": my_rsvp.response if my_rsvp else None,
            "access_needs": my_rsvp.access_needs if my_rsvp else "",
        }
    )
    form_html = render_to_string("expert_group/includes/rsvp_fields.html", {"form": form})
    return _parts_of(meeting, user=user) | {"form_html": form_html}


def _parts_of(meeting: Meeting, *, user) -> dict:
    """Everything on the page but the answer form, written out: it is the same on every visit
    until something in the group changes."""
    for paper in meeting.paper_list:
        view = paper.my_views[0] if paper.my_views else None
        paper.updated_since_opened = bool(view and view.version < paper.version)
        paper.opened = view is not None
    context = {
        "user": user,
        "meeting": meeting,
        "minutes": selectors.minutes_for(meeting=meeting, user=user),
        "actions": list(selectors.actions_for_meeting(meeting=meeting, user=user)),
        "staff_links": selectors.staff_links_for(user=user),
    }
    my_rsvp = meeting.my_rsvps[0] if meeting.my_rsvps else None
    # Plain values, not the meeting's rows: the cache unpickles these on every visit.
    return {
        "meeting": {
            "pk": meeting.pk,
            "title": meeting.title,
            "is_cancelled": meeting.is_cancelled,
            "ends_at": meeting.ends_at,
        },
        "my_answer": my_rsvp.get_response_display() if my_rsvp else "",
        "head_html": render_to_string("expert_group/includes/meeting_head.html", context),
        "body_html": render_to_string("expert_group/includes/meeting_body.html", context),
    }


def _render_meeting(request, parts, *, form=None, status=200):
    context = {**parts, "is_past": parts["meeting"]["ends_at"] < timezone.now(), "form": form}
    return render(request, "expert_group/meeting_detail.html", context, status=status)


@member_required
@require_POST
def meeting_rsvp(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    form = RsvpForm(request.POST)
    try:
        # A closed meeting shows no form, so its answer is refused before the form is read.
        services.rsvp_check_open(meeting=meeting)
        if not form.is_valid():
            parts = _parts_of(meeting, user=request.user)
            return _render_meeting(request, parts, form=form, status=400)
        rsvp = services.rsvp_record(
            meeting=meeting,
            user=request.user,
            response=form.cleaned_data["response"],
            access_needs=form.cleaned_data["access_needs"],
        )
    except services.RsvpClosed:
        messages.error(request, "This meeting is over or cancelled, so it takes no answers.")
        return redirect(meeting)
    messages.success(request, f"Thank you. Your answer is recorded: {rsvp.get_response_display()}.")
    return redirect(meeting)


@never_cache
@member_required
@require_GET
def meeting_minutes(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    minutes = selectors.minutes_for(meeting=meeting, user=request.user)
    if minutes is None:
        raise Http404("No minutes for this meeting yet.")
    context = {"meeting": meeting, "minutes": minutes}
    return render(request, "expert_group/meeting_minutes.html", context)


@member_required
@require_GET
def paper_download(request, pk: int):
    paper = get_object_or_404(selectors.papers_visible_to(request.user), pk=pk)
    response = document_response(paper, private=True, as_attachment=True)
    services.paper_opened(paper=paper, user=request.user)
    return response


@member_required
@require_GET
def meeting_ics_download(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    response = HttpResponse(
        meeting_ics(meeting, include_joining_link=True), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def calendar_subscription(request):
    """Only a hash of the address is kept, so a new address is shown on the answer to the POST
    that made it, and never again."""
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(user=request.user)
            messages.success(request, "Your calendar address is turned off.")
            return redirect("expert_group:calendar-subscription")
        feed_url = services.calendar_feed_regenerate(user=request.user).url
    feed = CalendarFeed.objects.filter(user=request.user).first()
    context = {"feed": feed, "feed_url": feed_url}
    return render(request, "expert_group/meeting_calendar.html", context)


@cache_control(private=True, no_store=True)
@require_GET
def calendar_feed(request, token: str):
    """A member's subscription feed: the secret address is the key; no session needed."""
    feed = selectors.calendar_feed_by_token(token)
    if feed is None:
        raise Http404("No such calendar.")
    if not user_has_group_access(feed.user):
        return HttpResponse("This calendar is no longer available.", status=410)
    meetings = selectors.meetings_visible_to(feed.user).order_by("starts_at")
    return HttpResponse(
        feed_ics(meetings, include_joining_link=True), content_type="text/calendar; charset=utf-8"
    )


@never_cache
@require_http_methods(["GET", "POST"])
def rsvp_link(request, token: str):
    """A one-click answer from an email. GET only shows it; the button's POST records it, so a
    mail scanner that follows links changes nothing."""
    try:
        link = services.rsvp_link_read(token=token)
    except services.RsvpLinkInvalid:
        return _rsvp_problem(request, status=400, reason="invalid")
    target = selectors.rsvp_link_target(user_id=link.user_id, meeting_id=link.meeting_id)
    if target is None:
        return _rsvp_problem(request, status=404, reason="gone")
    user, meeting = target
    response_label = Rsvp.Response(link.response).label
    try:
        # The link's page itself says a closed meeting takes no answers, before any button.
        services.rsvp_check_open(meeting=meeting)
        form = RsvpLinkForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            services.rsvp_record(
                meeting=meeting,
                user=user,
                response=link.response,
                access_needs=form.cleaned_data["access_needs"] or None,
            )
            context = {"meeting": meeting, "response_label": response_label, "recorded": True}
            return render(request, "expert_group/meeting_rsvp_link.html", context)
    except services.RsvpClosed:
        return _rsvp_problem(request, status=410, reason="closed", meeting=meeting)
    context = {
        "meeting": meeting,
        "response_label": response_label,
        "form": form,
        "start": timezone.localtime(meeting.starts_at),
        "recipient": user,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "expert_group/meeting_rsvp_link.html", context, status=status)


def _rsvp_problem(request, *, status: int, reason: str, meeting=None):
    context = {"reason": reason, "meeting": meeting}
    return render(request, "expert_group/meeting_rsvp_problem.html", context, status=status)


@staff_required("expert_group.view_rsvp")
@require_GET
def attendance_csv(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    return attendance_csv_response([meeting])
