"""How search engines find things: robots.txt (the sitemap is put together in urls.py from what
each app declares)."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control

from sitewide.site_url import absolute_url


@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('account_login').removesuffix('login/')}",
        f"Disallow: {reverse('expert_group:dashboard')}",
        f"Disallow: {reverse('search:search')}",
        f"Disallow: {reverse('exit_page:exit')}",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
