from django.urls import path

from . import views

app_name = "signins"
urlpatterns = [path("", views.sign_in_list, name="list")]
