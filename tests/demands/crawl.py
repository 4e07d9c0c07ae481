"""A crawl of every public outlet as one visitor: pages, feeds, open data, sitemap, API, Open311, search,
media and every link they offer. Outlets are discovered where they can be (feeds from <link
rel=alternate>, the open-data files linked from /transparency/, the URLs sitemap.xml lists, the page
types the API knows), so an outlet added later is scanned without touching this module.
"""

import datetime
import html
import json
import re
from urllib.parse import urlsplit

from django.utils import timezone
from wagtail.models import get_page_models

from content.models import Area
from engagement.demands.models import Status

from .public_record import (HIDDEN, UNKNOWN, contact_markers, hidden_markers, hidden_numbers, leaks_in, media_urls,
                            raw_text, readable)

HREF = re.compile(r"""<(?:a|link)\b[^>]*?\bhref=["']([^"'#]+)["']""", re.IGNORECASE)
ALTERNATE = re.compile(r"""<link\b(?=[^>]*\brel=["']alternate["'])[^>]*\bhref=["']([^"']+)["']""",
                       re.IGNORECASE)
LOC = re.compile(r"<loc>([^<]+)</loc>")


SITE_HOSTS = {"", "testserver", "localhost", "127.0.0.1:8000"}
NOT_PUBLIC_RECORD = ("/admin", "/accounts/", "/en/accounts/", "/i18n/", "/static/", "/documents/", "/media/")


def local(url):
    """The path and query of a link to this site, else None."""
    parts = urlsplit(html.unescape(url.strip()))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in SITE_HOSTS or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Crawl:
    """Fetch URLs once each, scan each for the forbidden values; returns (and keeps) the raw text."""

    def __init__(self, client, forbidden):
        self.client, self.forbidden = client, forbidden
        self.seen, self.statuses, self.bodies, self.leaks = set(), {}, {}, []

    def get(self, url):
        if url in self.seen:
            return self.bodies[url]
        self.seen.add(url)
        response = self.client.get(url, follow=True)
        body = raw_text(response)
        self.statuses[url], self.bodies[url] = response.status_code, body
        self.leaks += [(url, value) for value in leaks_in(readable(response, body), self.forbidden)]
        return body

    def get_all(self, urls):
        for url in urls:
            self.get(url)

    def failures(self, allowed_404=()):
        return {u: s for u, s in self.statuses.items() if s >= 400 and u not in allowed_404}


def html_pages(demands, topic, department, other_department):
    areas = list(Area.objects.all())
    pages = ["/", "/demands/", "/demands/?page=2", "/demands/?page=999", "/demands/?page=x",
             "/departments/", department.get_absolute_url(), other_department.get_absolute_url(),
             topic.get_absolute_url(), "/insights/", "/transparency/", "/news/"]
    pages += [f"/demands/?status={s}" for s in Status.values]
    pages += [f"/demands/?topic={topic.slug}", f"/demands/?department={department.slug}",
              f"/demands/?topic={topic.slug}&department={department.slug}&status=answered&page=1"]
    pages += [f"/demands/?area={a.slug}" for a in areas] + [a.get_absolute_url() for a in areas]
    pages += [f"/insights/?period={p}&level={lv}" for p in ("week", "month", "year", "day")
              for lv in ("street", "district")]
    pages += [d.get_absolute_url() for tag, d in demands.items() if tag not in HIDDEN]
    return pages + ["/en" + p for p in pages]


def open311_urls(demands):
    numbers = [d.tracking_number for d in demands.values()] + [UNKNOWN]
    later = (timezone.localdate() + datetime.timedelta(days=300)).isoformat()  # Open311 takes a year ahead
    queries = ["", "?status=open", "?status=closed", "?status=open,closed", "?service_code=parking",
               f"?start_date=2000-01-01&end_date={later}", "?start_date=2000-01-01T00:00:00Z",
               f"?end_date={later}T00:00:00%2B08:00",
               "?status=closed&service_code=parking&start_date=2000-01-01",
               f"?service_request_id={','.join(numbers)}"]
    queries += [f"?service_request_id={n}" for n in numbers]
    urls = [f"/open311/v2/requests.{fmt}{q}" for fmt in ("json", "xml") for q in queries]
    urls += [f"/open311/v2/requests/{n}.{fmt}" for n in numbers for fmt in ("json", "xml")]
    urls += [f"/open311/v2/{x}.{fmt}" for x in ("services", "discovery", "services/parking") for fmt in ("json", "xml")]
    urls += [f"/open311/v2/servicerequestupdates.{fmt}?start_date=2000-01-01" for fmt in ("json", "xml")]
    return urls


def crawl_public_record(client, demands, topic, department, other_department):
    crawl = Crawl(client, hidden_markers() + contact_markers(demands))
    pages = html_pages(demands, topic, department, other_department)
    crawl.get_all(pages)

    # Feeds: the site-wide ones and every <link rel=alternate> the pages announce.
    feeds = {"/feeds/rss/", "/feeds/atom/"}
    for url in pages:
        feeds |= {local(h) for h in ALTERNATE.findall(crawl.bodies[url])}
    crawl.get_all(sorted(feeds - {None}))

    # Open data: whatever /transparency/ links to under /transparency/ (new files are covered as they come).
    downloads = {local(h) for p in ("/transparency/", "/en/transparency/") for h in HREF.findall(crawl.bodies[p])}
    downloads = sorted(u for u in downloads - {None} if "/transparency/" in u and u.split("?")[0].rstrip("/")
                       not in ("/transparency", "/en/transparency"))
    crawl.get_all(downloads)

    # sitemap.xml and every URL it lists.
    crawl.get("/sitemap.xml")
    listed = sorted({local(u) for u in LOC.findall(crawl.bodies["/sitemap.xml"])} - {None})
    crawl.get_all(listed)

    # API v3: the page listing, each page type, and each page.
    crawl.get_all(["/api/v3/pages/", "/api/v3/openapi.json"])
    items, offset = [], 0
    while offset == len(items):  # every page of the listing (the API caps its limit)
        batch = json.loads(crawl.get(f"/api/v3/pages/?offset={offset}"))["items"]
        items, offset = items + batch, offset + (len(batch) or 1)
    types = {item["meta"]["type"] for item in items} | {
        f"{model._meta.app_label}.{model.__name__}" for model in get_page_models()}
    crawl.get_all([f"/api/v3/pages/?type={t}" for t in sorted(types)])
    # (a `fields` list on a listing is refused with a 400: each page's fields are read at its detail URL)
    crawl.get_all([f"/api/v3/pages/{item['id']}/" for item in items])

    crawl.get_all(open311_urls(demands))

    # Search: the page and the typing helper, for every hidden word. The search page echoes its own
    # query, so the word searched for is scanned through the results, the rest of the page as text.
    from wagtail.contrib.search_promotions.models import Query

    search_leaks = []
    for word in hidden_markers() + ["北门消防通道", "隔离桩"]:
        for url in (f"/search/?q={word}", f"/en/search/?q={word}&type=demand"):
            Query.objects.all().delete()  # "popular searches" would echo this test's earlier queries
            response = client.get(url)
            assert response.status_code == 200, url
            outcome = response.context["outcome"]
            hits = [hit.url for hit in outcome.page.object_list] if outcome.page else []
            search_leaks += [(url, h) for h in hits if any(n in h for n in hidden_numbers(demands))]
            body = readable(response).replace(word.lower(), "")
            search_leaks += [(url, v) for v in leaks_in(body, crawl.forbidden)]
        crawl.get(f"/search/similar-demands/?title={word}")
    Query.objects.all().delete()
    crawl.leaks += search_leaks

    crawl.get_all(media_urls(demands))

    # Then every link to this site those pages offer (pagination, facets, heat-table cells, new pages), once.
    offered = set()
    for body in list(crawl.bodies.values()):
        if "<html" in body[:300].lower():
            offered |= {local(h) for h in HREF.findall(body)}
    crawl.get_all(sorted(u for u in offered - {None} if not u.startswith(NOT_PUBLIC_RECORD)
                         and "/demands/new/" not in u))
    return crawl
