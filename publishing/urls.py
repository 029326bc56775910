from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("review/", views.review_link_open, name="review"),
    path("preview/files/<str:kind>/<int:pk>/<path:name>", views.drafted_file, name="drafted_file"),
]
