"""How visitors and search engines find things: search and robots.txt (the sitemap is put
together in urls.py from what each app declares)."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from publishing.cache import public_page

from .search import MAX_QUERY_LENGTH, search_add_snippets, site_search

RESULTS_PER_PAGE = 10


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search campaigns, publications and pages",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": "Search for at most %(limit_value)d characters: try a few key words."
        },
    )


@public_page(params=("q", "page"))
def search(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "query": "", "page_obj": None}
    if form.is_bound and not form.is_valid():
        return render(request, "search/search.html", context, status=400)
    query = form.cleaned_data["q"] if form.is_bound else ""
    if query:
        results = site_search(query=query)
        page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        search_add_snippets(page_obj.object_list, query=query)
        context |= {
            "query": query,
            "result_count": len(results),
            "page_obj": page_obj,
            "pagination_query": urlencode({"q": query}),
        }
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /expert-group/members/",
        "Disallow: /search/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
