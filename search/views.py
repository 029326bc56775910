from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from publishing.cache import public_page

from .forms import SearchForm
from .selectors import search_add_snippets, site_search

RESULTS_PER_PAGE = 10


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
