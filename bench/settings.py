"""The site's settings plus one bench-only route: a bare Django view to compare against."""

from cja_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
