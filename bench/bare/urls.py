from django.http import HttpResponse
from django.urls import path

# A static 10 KB page: what Django itself costs, with no database, template or cache.
BARE_PAGE = b"<!doctype html><title>bare</title><p>" + b"x" * (10 * 1024 - 40) + b"</p>"


def bare(request):
    return HttpResponse(BARE_PAGE)


urlpatterns = [path("", bare)]
