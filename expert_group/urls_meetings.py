from django.urls import path

from . import views_meetings as views

urlpatterns = [
    path("members/", views.dashboard, name="dashboard"),
    path("members/meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("members/meetings/<int:pk>/rsvp/", views.meeting_rsvp, name="meeting-rsvp"),
    path("members/meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path("members/meetings/<int:pk>/meeting.ics", views.meeting_ics_download, name="meeting-ics"),
    path(
        "members/meetings/<int:pk>/attendance.csv",
        views.attendance_csv,
        name="meeting-attendance-csv",
    ),
    path("members/papers/<int:pk>/download/", views.paper_download, name="paper-download"),
    path("members/calendar/", views.calendar_subscription, name="calendar-subscription"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("rsvp/<str:token>/", views.rsvp_link, name="rsvp-link"),
]
