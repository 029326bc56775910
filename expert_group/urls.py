from django.urls import path

from .views import meetings, membership

app_name = "expert_group"

urlpatterns = [
    # Membership: the public page, invitations, profiles and photos
    path("", membership.group_page, name="group"),
    # The form first: the emailed link (with its token) leads to it, and "join" is no token.
    path("invitations/join/", membership.invitation_accept_view, name="invitation-join"),
    path("invitations/<str:token>/", membership.invitation_open, name="invitation-accept"),
    path("members/profile/", membership.profile, name="profile"),
    path("photos/<int:pk>/", membership.member_photo, name="member-photo"),
    # Meetings: the members' area, papers, calendars, RSVP links and the attendance list
    path("members/", meetings.dashboard, name="dashboard"),
    path("members/meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("members/meetings/<int:pk>/rsvp/", meetings.meeting_rsvp, name="meeting-rsvp"),
    path("members/meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting-minutes"),
    path(
        "members/meetings/<int:pk>/meeting.ics", meetings.meeting_ics_download, name="meeting-ics"
    ),
    path(
        "members/meetings/<int:pk>/attendance.csv",
        meetings.attendance_csv,
        name="meeting-attendance-csv",
    ),
    path("members/papers/<int:pk>/download/", meetings.paper_download, name="paper-download"),
    path("members/calendar/", meetings.calendar_subscription, name="calendar-subscription"),
    path("calendar/<str:token>.ics", meetings.calendar_feed, name="calendar-feed"),
    path("rsvp/<str:token>/", meetings.rsvp_link, name="rsvp-link"),
]
