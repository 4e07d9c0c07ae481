"""What the bench scripts share: their ``--runs`` argument, a throwaway test database, a home page
(and a news section) to hang content on, and two measurements (SQL queries and median wall time of
a GET, or of a POST). Not a test: it prints figures.

    from harness import arguments, throwaway_database, build_home, measure
    args = arguments(runs=7).parse_args()
    with throwaway_database():
        ...
"""

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings.test")

import django  # noqa: E402

django.setup()  # on import, so that scripts may import models at the top of main()


def arguments(runs=7, description=None):
    """The command line every bench script takes; a script adds its own options to the parser."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=runs, help="measurements per figure (the median is printed)")
    return parser


@contextlib.contextmanager
def throwaway_database():
    """Set Django up on a fresh test database (SQLite by default, or DATABASE_URL's server), then drop it.

    Search goes to Wagtail's database backend without auto-update: bulk data need no index, and
    the search benchmark (bench/search.py) measures the Whoosh backend on its own.
    """
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def build_home():
    """Replace Wagtail's welcome page with a HomePage as the default site's root."""
    from wagtail.models import Page, Site

    from tests.factories import HomePageFactory

    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = HomePageFactory(parent=root, title="共治", slug="home")
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="共治")
    return home


def build_news_section():
    """A home page (see :func:`build_home`) with the news section under it."""
    from tests.factories import SectionPageFactory

    return SectionPageFactory(parent=build_home(), title="时政要闻", slug="news")


def measure(client, url, runs, expect=200):
    """GET ``url`` once to warm caches, then ``runs`` times: (queries of the last run, median seconds, response)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times, queries, response = [], 0, None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == expect, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return queries, statistics.median(times), response


def measure_post(client, post, runs, expect=302):
    """POST ``runs`` times, ``post(i) -> (url, data)`` giving the i-th (it may create what the post needs),
    the cache cleared before each so that no rate limit stops one: (queries of the last run, median seconds)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for i in range(runs):
        cache.clear()
        url, data = post(i)
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.post(url, data)
            times.append(time.perf_counter() - start)
        assert response.status_code == expect, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return queries, statistics.median(times)
