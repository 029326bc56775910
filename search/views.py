from functools import partial
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from publishing.cache import page_detached, page_or_404, public_content_cached, public_page

from .forms import SearchForm
from .selectors import search_add_snippets, site_search

RESULTS_PER_PAGE = 10


@public_page(params=("q", "page"))
def search(request):
    form = SearchForm(request.GET or None)
    # The header's search box shows what was searched for, as the page's own form does.
    context = {
        "form": form,
        "query": "",
        "page_obj": None,
        "header_search_query": form["q"].value(),
    }
    if form.is_bound and not form.is_valid():
        return render(request, "search/search.html", context, status=400)
    query = form.cleaned_data["q"] if form.is_bound else ""
    if query:
        page_number = request.GET.get("page")
        found = public_content_cached(
            f"search?{urlencode({'q': query, 'page': page_number or ''})}",
            partial(_results_page, query=query, page_number=page_number),
        )
        context |= found | {"query": query, "pagination_query": urlencode({"q": query})}
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def _results_page(*, query: str, page_number: str | None) -> dict:
    results = site_search(query=query)
    page_obj = page_or_404(Paginator(results, RESULTS_PER_PAGE), page_number)
    search_add_snippets(page_obj.object_list, query=query)
    return {"result_count": len(results), "page_obj": page_detached(page_obj)}
