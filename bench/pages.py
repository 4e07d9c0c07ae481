"""Page-serving benchmark: SQL queries and median render time for the home, a section and an article.

Standalone: builds its own SQLite database in a temporary directory, migrates, seeds a small site
with the test factories, then serves requests in-process through django.test.Client. A bare
Django view (``HttpResponse("ok")``) is measured in the same run; the ratio to it is the figure
to compare between machines. Finally it shows that an article's (and a policy's) query count does
not grow with its topics, departments, body blocks and related items.

    .venv/bin/python bench/pages.py [--runs 30]      (BENCH_VAR=/some/empty/dir to keep the database)
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
VAR = os.environ.get("BENCH_VAR") or tempfile.mkdtemp(prefix="gongzhi-bench-pages-")
os.environ["GONGZHI_VAR_DIR"] = VAR
os.environ["DATABASE_URL"] = f"sqlite:///{VAR}/bench.sqlite3"
os.environ["SEARCH_INDEX_DIR"] = f"{VAR}/search-index"
os.environ["DJANGO_SETTINGS_MODULE"] = "gongzhi.settings.test"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import path  # noqa: E402


def bare_view(request):
    return HttpResponse("ok")


def install_urlconf():
    from gongzhi import urls as site_urls

    module = types.ModuleType("bench_pages_urls")
    module.urlpatterns = [path("bench-bare/", bare_view)] + list(site_urls.urlpatterns)
    sys.modules["bench_pages_urls"] = module
    return "bench_pages_urls"


def seed():
    """Home, 3 sections, 8 departments, 12 topics, 40 articles, 12 policies; two size probes."""
    from harness import build_home

    from content.models import HomePageLeadStory, PolicyRelatedArticle
    from tests.content.factories import StoryImageFactory, make_article, make_policy
    from tests.factories import AreaFactory, DepartmentFactory, SectionPageFactory, TopicFactory

    home = build_home()
    sections = [
        SectionPageFactory(parent=home, title=title, slug=slug)
        for title, slug in (("时政要闻", "news"), ("社区民生", "community"), ("政策解读", "policies"))
    ]
    departments = [DepartmentFactory(name=f"部门{n}", slug=f"dept-{n}") for n in range(8)]
    topics = [TopicFactory(name=f"主题{n}", slug=f"topic-{n}") for n in range(12)]
    grid = AreaFactory.grid()
    images = [StoryImageFactory(title=f"图片{n}") for n in range(6)]
    articles = []
    for n in range(40):
        articles.append(make_article(
            sections[n % 2], title=f"新闻{n}：社区停车难问题有了新办法", slug=f"article-{n}", minutes=n,
            topics=topics[n % 12:n % 12 + 2], departments=departments[n % 8:n % 8 + 1], area=grid,
            image=images[n % 6], blocks=1,
        ))
    for n in range(12):
        make_policy(sections[2], title=f"政策解读{n}", slug=f"policy-{n}", minutes=100 + n,
                    issuing_department=departments[n % 8], topics=topics[n:n + 1], area=grid)
    for story in articles[-3:]:
        HomePageLeadStory.objects.create(page=home, story=story)

    small = make_article(sections[0], title="小稿件", slug="probe-small", minutes=500,
                         topics=topics[:1], departments=departments[:1], area=grid, image=images[0], blocks=1)
    large = make_article(sections[0], title="大稿件", slug="probe-large", minutes=501,
                         topics=topics, departments=departments, area=grid, image=images[1], blocks=10)
    small_policy = make_policy(sections[2], title="小政策", slug="probe-policy-small", minutes=502,
                               issuing_department=departments[0], topics=topics[:1], area=grid)
    large_policy = make_policy(sections[2], title="大政策", slug="probe-policy-large", minutes=503,
                               issuing_department=departments[0], topics=topics, area=grid)
    PolicyRelatedArticle.objects.create(page=small_policy, article=articles[0])
    for article in articles[:10]:
        PolicyRelatedArticle.objects.create(page=large_policy, article=article)
    return {"small": small, "large": large, "small_policy": small_policy, "large_policy": large_policy}


def measure(client, url, runs):
    for _ in range(2):  # warm up: renditions generated, caches filled
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # now: every request start clears the connection's query log
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - start)
    return query_count, statistics.median(timings) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    print(f"Gongzhi bench/pages.py — SQLite in {VAR}, {args.runs} timed runs per page")
    print("migrating …", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    print("seeding …", flush=True)
    probes = seed()
    client = Client()
    with override_settings(ROOT_URLCONF=install_urlconf(), ALLOWED_HOSTS=["testserver"]):
        rows = [
            ("bare Django view", "/bench-bare/"),
            ("home page", "/"),
            ("section page", "/news/"),
            ("section page, topic filter", "/news/?topic=topic-1"),
            ("article page", "/news/article-38/"),
            ("policy page", "/policies/policy-3/"),
            ("topic page", "/topics/topic-1/"),
            ("RSS feed (50 items)", "/feeds/rss/"),
        ]
        results = [(label, url, *measure(client, url, args.runs)) for label, url in rows]
        bare_ms = results[0][3]
        print()
        print(f"{'page':<38} {'url':<30} {'queries':>7} {'median ms':>10} {'× bare':>8}")
        print("-" * 97)
        for label, url, queries, ms in results:
            print(f"{label:<38} {url:<30} {queries:>7} {ms:>10.2f} {ms / bare_ms:>8.1f}")

        print()
        print("Query count at two sizes (must be equal):")
        print(f"{'page':<16} {'size':<70} {'queries':>7}")
        print("-" * 95)
        sizes = [
            ("article", "small", "1 topic, 1 department, 6 body blocks (1 image)"),
            ("article", "large", "12 topics, 8 departments, 60 body blocks (10 images)"),
            ("policy", "small_policy", "1 topic, 1 related article"),
            ("policy", "large_policy", "12 topics, 10 related articles"),
        ]
        counts = {}
        for kind, key, description in sizes:
            page = probes[key]
            queries, _ = measure(client, page.url, 1)
            counts[key] = queries
            print(f"{kind:<16} {description:<70} {queries:>7}")
        steady = counts["small"] == counts["large"] and counts["small_policy"] == counts["large_policy"]
        print()
        print("query count independent of size:", "yes" if steady else "NO")
        steady = budgets_at_two_sizes(client) and steady
    return 0 if steady else 1


BUDGETS = [("home", "/", 20), ("article", "/news/article-38/", 15), ("policy", "/policies/policy-3/", 15),
           ("search", "/search/?q=停车", 15)]


def budgets_at_two_sizes(client):
    """Warm queries of the budgeted pages on this site, then on one with five times the stories."""
    from content.models import SectionPage
    from tests.content.factories import make_article

    before = {label: measure(client, url, 1)[0] for label, _label, url, _b in _rows()}
    news = SectionPage.objects.get(slug="news")
    for n in range(160):
        make_article(news, title=f"追加新闻{n}：停车位夜间开放", slug=f"more-{n}", minutes=1000 + n)
    after = {label: measure(client, url, 1)[0] for label, _label, url, _b in _rows()}
    print()
    print("Warm queries of the budgeted pages: 52 stories, then 212 (budget: issue 14):")
    print(f"{'page':<10} {'url':<28} {'52 stories':>10} {'212 stories':>11} {'budget':>7}")
    print("-" * 70)
    ok = True
    for label, _label, url, budget in _rows():
        ok = ok and before[label] == after[label] and after[label] <= budget
        print(f"{label:<10} {url:<28} {before[label]:>10} {after[label]:>11} {budget:>7}")
    print("flat and within budget:", "yes" if ok else "NO")
    return ok


def _rows():
    return [(label, label, url, budget) for label, url, budget in BUDGETS]


if __name__ == "__main__":
    sys.exit(main())
