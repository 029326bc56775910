from django.urls import path

from . import api

app_name = "members_api"

urlpatterns = [
    path("meetings/", api.MeetingList.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", api.MeetingDetail.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/rsvp/", api.MeetingRsvp.as_view(), name="meeting-rsvp"),
]
