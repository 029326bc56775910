from django.urls import path

from . import views_access

urlpatterns = [
    path("", views_access.group_page, name="group"),
    path(
        "invitations/<str:token>/",
        views_access.invitation_accept_view,
        name="invitation-accept",
    ),
    path("members/profile/", views_access.profile, name="profile"),
    path("photos/<int:pk>/", views_access.member_photo, name="member-photo"),
]
