from django.urls import path

from . import views

app_name = "exit_page"

urlpatterns = [
    path("", views.exit_page, name="exit"),
]
