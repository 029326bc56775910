from django.urls import path

from . import views

app_name = "formats"

urlpatterns = [
    path("thank-you/", views.format_request_thank_you, name="thank-you"),
    path("<slug:slug>/<int:pk>/", views.format_request, name="request"),
]
