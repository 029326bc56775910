from django.urls import include, path

from contact import urls as contact_urls

urlpatterns = [path("get-in-touch/", include((contact_urls.urlpatterns[:1], "contact")))]
