from django.urls import path

from . import views

app_name = "readership"

urlpatterns = [
    path("counting/", views.counting_choice, name="choice"),
]
