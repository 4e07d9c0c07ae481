"""What the bench scripts share: a throwaway test database, a home page to hang content on, and
one measurement (SQL queries and median wall time of a URL). Not a test: it prints figures.

    from harness import throwaway_database, build_home, measure
    with throwaway_database():
        ...
"""

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
