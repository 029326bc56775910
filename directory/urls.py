from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("find/", views.find, name="find"),
    path("choose-your-area/", views.choose, name="choose"),
    path("area/<str:gss_code>/", views.area, name="area"),
    path("map/", views.lottery_map, name="map"),
    path("look-elsewhere/<slug:slug>/", views.elsewhere, name="elsewhere"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    path("check/<str:token>/", views.check, name="check"),
]
