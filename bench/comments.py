"""Comments benchmark: render an article with 10, 100 and 1,000 approved threaded comments, and post one.

Prints SQL queries and median wall time per render (default pagination: 20 threads per page,
and everything on one page), then queries and time to post a comment. The query count must be
the same at every size. Runs on a throwaway test database (SQLite by default, or DATABASE_URL's server).

    .venv/bin/python bench/comments.py [--runs 7]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings.test")

SIZES = (10, 100, 1000)


def build_site():
    from wagtail.models import Page, Site

    from tests.factories import HomePageFactory, SectionPageFactory

    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = HomePageFactory(parent=root, title="共治", slug="home")
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="共治")
    return SectionPageFactory(parent=home, title="时政要闻", slug="news")


def residents(count=20):
    from tests.comments.factories import make_resident

    return [make_resident(f"bench{n:02d}", display_name=f"居民{n:02d}", is_verified_organisation=(n == 0))
            for n in range(count)]


def fill(article, size, people):
    """`size` approved comments: threads of five (a root, two replies, two replies to replies)."""
    from engagement.comments import services
    from tests.comments.factories import site_settings

    settings_obj = site_settings()
    made, n = 0, 0
    while made < size:
        root = services.post_comment(article, f"评论{n}：错时共享停车很方便 https://example.gov.cn/{n}",
                                     user=people[n % len(people)], comment_settings=settings_obj)
        made += 1
        for k in range(2):
            if made >= size:
                break
            reply = services.post_comment(article, f"回复{n}-{k}：同意\n第二行", user=people[(n + k + 1) % len(people)],
                                          parent=root, comment_settings=settings_obj)
            made += 1
            if made < size:
                services.post_comment(article, f"再回复{n}-{k}", user=people[(n + k + 2) % len(people)],
                                      parent=reply, comment_settings=settings_obj)
                made += 1
        n += 1


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (site root paths, templates)
    times, queries = [], None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        queries = len(ctx.captured_queries)
    return queries, statistics.median(times), response.content.decode().count('class="comment comment--')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.factories import ArticlePageFactory

        section = build_site()
        people = residents()
        client = Client()
        client.force_login(people[1])
        print(f"Comments benchmark ({connection.vendor}, median of {args.runs} renders, logged-in resident)")
        print(f"{'comments':>9} {'mode':<22} {'shown':>6} {'queries':>8} {'median ms':>10}")
        counts = set()
        for size in SIZES:
            article = ArticlePageFactory(parent=section, slug=f"bench-{size}", title=f"基准文章 {size}")
            fill(article, size, people)
            for mode, page_size in (("paginated (20 threads)", 20), ("all on one page", 100_000)):
                settings.COMMENTS_PAGE_SIZE = page_size
                queries, median, shown = measure(client, article.url, args.runs)
                counts.add((mode, queries))
                print(f"{size:>9} {mode:<22} {shown:>6} {queries:>8} {median * 1000:>10.1f}")
        same = len({q for _m, q in counts}) == 1
        print(f"query count identical at every size and mode: {'yes' if same else 'NO'}")

        settings.COMMENTS_PAGE_SIZE = 20
        article = ArticlePageFactory(parent=section, slug="bench-post", title="基准文章 发表")
        fill(article, 10, people)
        root = article  # noqa: F841
        from django_comments_xtd.models import XtdComment

        parent = XtdComment.objects.filter(object_pk=str(article.pk), level=0).first()
        url = reverse("comments:post", args=[article.pk])
        for label, data in (("new comment", {}), ("reply", {"parent": parent.pk})):
            times, queries = [], 0
            for i in range(args.runs):
                cache.clear()  # the rate limit would stop the sixth post
                with CaptureQueriesContext(connection) as ctx:
                    start = time.perf_counter()
                    response = client.post(url, {"comment": f"基准评论 {label} {i}", **data})
                    times.append(time.perf_counter() - start)
                assert response.status_code == 302, response.status_code
                queries = len(ctx.captured_queries)
            print(f"post one {label:<12} queries {queries:>3}   median {statistics.median(times) * 1000:.1f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
