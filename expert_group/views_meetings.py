"""The members' meeting pages, paper downloads, calendars and one-click RSVP links."""

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.downloads import document_response

from . import selectors, services_meetings
from .access import member_required, staff_required, user_has_group_access
from .calendars import feed_ics, meeting_ics
from .forms_meetings import RsvpForm, RsvpLinkForm
from .models import CalendarFeed, Meeting, Rsvp


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _meeting_or_404(request, pk: int) -> Meeting:
    try:
        return selectors.meeting_detail(user=request.user, pk=pk)
    except Meeting.DoesNotExist as error:
        raise Http404("No such meeting.") from error


@never_cache
@member_required
@require_GET
def dashboard(request):
    user = request.user
    upcoming = list(selectors.meetings_upcoming(user=user)[:10])
    past = [
        (meeting, selectors.minutes_for(meeting=meeting, user=user))
        for meeting in selectors.meetings_past(user=user)[:10]
    ]
    context = {
        "upcoming": upcoming,
        "my_rsvps": list(selectors.rsvps_of(user=user)),
        "open_actions": list(selectors.actions_open(user=user)[:50]),
        "past": past,
    }
    return _private(render(request, "expert_group/dashboard.html", context))


@never_cache
@member_required
@require_GET
def meeting_detail(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    my_rsvp = meeting.my_rsvps[0] if meeting.my_rsvps else None
    form = RsvpForm(
        initial={
            "response": my_rsvp.response if my_rsvp else None,
            "access_needs": my_rsvp.access_needs if my_rsvp else "",
        }
    )
    return _render_meeting(request, meeting, form, my_rsvp)


def _render_meeting(request, meeting, form, my_rsvp, status=200):
    for paper in meeting.paper_list:
        view = paper.my_views[0] if paper.my_views else None
        paper.updated_since_opened = bool(view and view.version < paper.version)
        paper.opened = view is not None
    context = {
        "meeting": meeting,
        "is_past": meeting.ends_at < timezone.now(),
        "form": form,
        "my_rsvp": my_rsvp,
        "minutes": selectors.minutes_for(meeting=meeting, user=request.user),
        "actions": list(selectors.actions_for_meeting(meeting=meeting, user=request.user)),
        "staff_links": selectors.staff_links_for(user=request.user),
    }
    return _private(render(request, "expert_group/meeting_detail.html", context, status=status))


@member_required
@require_POST
def meeting_rsvp(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    my_rsvp = meeting.my_rsvps[0] if meeting.my_rsvps else None
    form = RsvpForm(request.POST)
    if meeting.is_cancelled or meeting.ends_at < timezone.now():
        messages.error(request, "This meeting is over or cancelled, so it takes no answers.")
        return redirect(meeting)
    if not form.is_valid():
        return _render_meeting(request, meeting, form, my_rsvp, status=400)
    rsvp = services_meetings.rsvp_record(
        meeting=meeting,
        user=request.user,
        response=form.cleaned_data["response"],
        access_needs=form.cleaned_data["access_needs"],
    )
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
    return _private(render(request, "expert_group/meeting_minutes.html", context))


@member_required
@require_GET
def paper_download(request, pk: int):
    paper = get_object_or_404(selectors.papers_visible_to(request.user), pk=pk)
    response = document_response(paper, private=True, as_attachment=True)
    services_meetings.paper_opened(paper=paper, user=request.user)
    return response


@member_required
@require_GET
def meeting_ics_download(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    response = HttpResponse(
        meeting_ics(meeting, include_joining_link=True), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return _private(response)


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def calendar_subscription(request):
    """Only a hash of the address is kept, so a new address is shown on the answer to the POST
    that made it, and never again."""
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services_meetings.calendar_feed_revoke(user=request.user)
            messages.success(request, "Your calendar address is turned off.")
            return redirect("expert_group:calendar-subscription")
        feed_url = services_meetings.calendar_feed_regenerate(user=request.user).url
    feed = CalendarFeed.objects.filter(user=request.user).first()
    context = {"feed": feed, "feed_url": feed_url}
    return _private(render(request, "expert_group/meeting_calendar.html", context))


@require_GET
def calendar_feed(request, token: str):
    """A member's subscription feed: the secret address is the key; no session needed."""
    feed = selectors.calendar_feed_by_token(token)
    if feed is None:
        raise Http404("No such calendar.")
    if not user_has_group_access(feed.user):
        return _private(HttpResponse("This calendar is no longer available.", status=410))
    meetings = selectors.meetings_visible_to(feed.user).order_by("starts_at")
    response = HttpResponse(
        feed_ics(meetings, include_joining_link=True), content_type="text/calendar; charset=utf-8"
    )
    return _private(response)


@never_cache
@require_http_methods(["GET", "POST"])
def rsvp_link(request, token: str):
    """A one-click answer from an email. GET only shows it; the button's POST records it, so a
    mail scanner that follows links changes nothing."""
    try:
        link = services_meetings.rsvp_link_read(token=token)
    except services_meetings.RsvpLinkInvalid:
        return _rsvp_problem(request, status=400, reason="invalid")
    user = get_user_model().objects.filter(pk=link.user_id).first()
    meeting = Meeting.objects.filter(pk=link.meeting_id).first()
    if user is None or meeting is None or not user_has_group_access(user):
        return _rsvp_problem(request, status=404, reason="gone")
    if meeting.is_cancelled or meeting.ends_at < timezone.now():
        return _rsvp_problem(request, status=410, reason="closed", meeting=meeting)
    response_label = Rsvp.Response(link.response).label
    form = RsvpLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services_meetings.rsvp_record(
            meeting=meeting,
            user=user,
            response=link.response,
            access_needs=form.cleaned_data["access_needs"] or None,
        )
        context = {"meeting": meeting, "response_label": response_label, "recorded": True}
        return _private(render(request, "expert_group/meeting_rsvp_link.html", context))
    context = {
        "meeting": meeting,
        "response_label": response_label,
        "form": form,
        "start": timezone.localtime(meeting.starts_at),
        "recipient": user,
    }
    status = 400 if request.method == "POST" else 200
    return _private(render(request, "expert_group/meeting_rsvp_link.html", context, status=status))


def _rsvp_problem(request, *, status: int, reason: str, meeting=None):
    context = {"reason": reason, "meeting": meeting}
    return _private(
        render(request, "expert_group/meeting_rsvp_problem.html", context, status=status)
    )


@staff_required("expert_group.view_rsvp")
@require_GET
def attendance_csv(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    return attendance_csv_response([meeting])


def attendance_csv_response(meetings) -> HttpResponse:
    """Attendance as CSV for staff, access needs included. Cells are guarded against formulas."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="attendance.csv"'
    writer = csv.writer(response)
    writer.writerow(["Meeting", "Starts", "Name", "Email", "Response", "Access needs", "Answered"])
    for meeting in meetings:
        for rsvp in selectors.attendance(meeting=meeting):
            writer.writerow(
                [
                    _cell(meeting.title),
                    timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
                    _cell(rsvp.user.get_full_name()),
                    _cell(rsvp.user.email),
                    rsvp.get_response_display(),
                    _cell(rsvp.access_needs),
                    timezone.localtime(rsvp.responded_at).strftime("%Y-%m-%d %H:%M"),
                ]
            )
    return _private(response)


def _cell(value: str) -> str:
    # A spreadsheet would run a cell starting with these as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
