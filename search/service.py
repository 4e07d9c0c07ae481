"""The site search: every registered search type (``search/types.py``) in one ranked list.

Articles, policies and departments are search's own types; other apps register theirs through the
``gongzhi_search_types`` hook (public demands), so this module knows none of them. Everything goes
through Wagtail's search API (``backend.search(query, queryset)``), so the same code runs on the
Whoosh backend and on Elasticsearch/OpenSearch when ``SEARCH_URL`` is set.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.core.cache import cache
from django.db.models import Count, F
from django.utils import timezone
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from content import sitewide
from content.models import Department, Topic

from .analysis import MAX_QUERY_CHARS, query_units
from .highlight import highlight
from .types import search_types

PAGE_SIZE = 10
MAX_PAGES = 50  # deep pages are not useful and would fetch a lot
# Each further hit with the title of a better one counts this much less again: nine copies of one
# demand title tell a reader one thing, and must not push the page about it off the first screen.
REPEAT_DECAY = 0.5
REPEAT_POOL = 3  # per type, read this many times the hits shown, so copies can make room for others


def clean_query(raw):
    """The query as searched: stripped, at most 200 characters, no control characters."""
    raw = "".join(ch for ch in (raw or "") if ch.isprintable())
    return raw.strip()[:MAX_QUERY_CHARS]


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@dataclass
class Filters:
    """The search page's filters, as every search type's ``queryset(filters)`` receives them."""

    type: str = ""
    topic: Topic | None = None
    department: Department | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @property
    def since(self):
        """The start of ``date_from`` (aware), or None."""
        return _day_start(self.date_from) if self.date_from else None

    @property
    def until(self):
        """The end of ``date_to`` (aware), or None."""
        return _day_end(self.date_to) if self.date_to else None

    @classmethod
    def from_params(cls, params):
        f = cls()
        f.type = params.get("type", "") if params.get("type", "") in search_types() else ""
        if params.get("topic"):
            f.topic = Topic.objects.filter(slug=params["topic"][:60]).first()
        if params.get("department"):
            f.department = Department.objects.filter(slug=params["department"][:100]).first()
        f.date_from = parse_date(params.get("from"))
        f.date_to = parse_date(params.get("to"))
        if f.date_from and f.date_to and f.date_from > f.date_to:
            f.date_from, f.date_to = f.date_to, f.date_from
        return f


def _day_start(d):
    return timezone.make_aware(datetime.datetime.combine(d, datetime.time.min))


def _day_end(d):
    return timezone.make_aware(datetime.datetime.combine(d, datetime.time.max))


@dataclass
class Hit:
    kind: str
    obj: object
    score: float
    title: str = ""
    url: str = ""
    excerpt: str = ""
    date: object = None
    type_label: str = ""
    shown: dict = field(default_factory=dict)


@dataclass
class Outcome:
    query: str
    filters: Filters
    page: object = None
    total: int = 0
    type_counts: dict = field(default_factory=dict)
    topic_counts: list = field(default_factory=list)
    department_counts: list = field(default_factory=list)
    searched: bool = False


def _pks(results, limit=2000):
    if hasattr(results, "candidate_pks"):
        return results.candidate_pks()[:limit]
    return [obj.pk for obj in results[:limit]]


def exact_match(query, request):
    """The URL of the one thing ``query`` names exactly, when a type recognises it and the asker may open it
    (a demand's tracking number: ``exact(query, request)`` in search/types.py); else None, and the search
    runs as usual, so a hidden or unknown number looks like any query without results."""
    if not query:
        return None
    for search_type in search_types().values():
        find = getattr(search_type, "exact", None)
        url = find(query, request) if find else None
        if url:
            return url
    return None


def run_search(query, filters, page_number=1, request=None):
    query = clean_query(query)
    outcome = Outcome(query=query, filters=filters)
    if not query or not query_units(query):
        return outcome
    outcome.searched = True
    try:
        page_number = max(1, min(int(page_number), MAX_PAGES))
    except (TypeError, ValueError):
        page_number = 1
    needed = page_number * PAGE_SIZE

    backend = get_search_backend()
    types = search_types()
    per_type = {}
    for kind, search_type in types.items():
        qs = search_type.queryset(filters)
        if qs is None:
            outcome.type_counts[kind] = 0
            continue
        results = backend.search(query, qs, operator="and").annotate_score("_score")
        outcome.type_counts[kind] = results.count()
        per_type[kind] = results

    kinds = [filters.type] if filters.type else list(types)
    merged, total = [], 0
    for kind in kinds:
        results = per_type.get(kind)
        if results is None:
            continue
        total += outcome.type_counts[kind]
        prior = getattr(types[kind], "prior", 1.0)
        for obj in results[: needed * REPEAT_POOL]:
            merged.append(Hit(kind=kind, obj=obj, score=prior * (getattr(obj, "_score", 0) or 0),
                              shown=types[kind].show(obj, request)))
    merged = rank(merged)
    outcome.total = total

    paginator = Paginator(range(min(total, MAX_PAGES * PAGE_SIZE)), PAGE_SIZE)
    page = paginator.get_page(page_number)
    start = (page.number - 1) * PAGE_SIZE
    page.object_list = [_decorate(h, types[h.kind], query, request) for h in merged[start : start + PAGE_SIZE]]
    outcome.page = page

    _facet_counts(outcome, per_type, kinds, types)
    return outcome


def rank(hits):
    """The merged ranking: by score (the type's ``prior`` × relevance), a hit whose title a better
    hit already has demoted by ``REPEAT_DECAY`` per earlier copy (hook order breaks ties)."""
    seen = {}
    for hit in sorted(hits, key=lambda h: -h.score):
        key = "".join(str(hit.shown.get("title", "")).split())
        hit.score *= REPEAT_DECAY ** seen.get(key, 0)
        seen[key] = seen.get(key, 0) + 1
    return sorted(hits, key=lambda h: -h.score)


def _decorate(hit, search_type, query, request):
    shown = hit.shown
    hit.type_label = search_type.label
    hit.title = shown["title"]
    hit.url = shown["url"]
    hit.date = shown.get("date")
    hit.title_html = highlight(hit.title, query, width=200)
    hit.excerpt = highlight(shown.get("snippet", ""), query)
    return hit


def _facet_counts(outcome, per_type, kinds, types):
    """Topic and department counts over the matches of the selected type(s)."""
    topics, depts = {}, {}

    def add(target, rows, key):
        for row in rows:
            if row[key] is not None:
                target[row[key]] = target.get(row[key], 0) + row["n"]

    for kind in kinds:
        results = per_type.get(kind)
        if results is None or not outcome.type_counts.get(kind):
            continue
        base = results.model.objects.filter(pk__in=_pks(results))
        for target, key in ((topics, types[kind].topic_field), (depts, types[kind].department_field)):
            if key:
                add(target, base.values(key).annotate(n=Count("pk")).order_by(), key)
    topic_objs = {t.pk: t for t in sitewide.topics()}
    dept_objs = {d.pk: d for d in sitewide.departments()}
    outcome.topic_counts = sorted(
        ((topic_objs[pk], n) for pk, n in topics.items() if pk in topic_objs), key=lambda t: (-t[1], t[0].name)
    )
    outcome.department_counts = sorted(
        ((dept_objs[pk], n) for pk, n in depts.items() if pk in dept_objs), key=lambda t: (-t[1], t[0].name)
    )


def log_query(query):
    """Wagtail's query log (popular queries, editors' picks): a query already searched today is one
    UPDATE; the first search of the day creates its rows as Wagtail does."""
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    normalised = normalise_query_string(query)
    if not normalised:
        return
    counted = QueryDailyHits.objects.filter(query__query_string=normalised, date=timezone.now().date()).update(
        hits=F("hits") + 1)
    if not counted:
        Query.get(query).add_hit()


def promotions_for(query):
    from wagtail.contrib.search_promotions.models import SearchPromotion

    normalised = normalise_query_string(query)
    if not normalised:
        return []
    return list(
        SearchPromotion.objects.filter(query__query_string=normalised).select_related("page").order_by("sort_order")
    )


POPULAR_TTL = 300  # seconds: the popular searches may lag the log by five minutes


def popular_queries(days=30, limit=8):
    """The most searched queries of the last ``days`` (cached for ``POPULAR_TTL``), each searched at
    least ``GONGZHI_POPULAR_MIN_HITS`` times: what one visitor types (a name, a phone number, a hidden
    demand's title) is never put on the page for everyone."""
    from django.conf import settings
    from wagtail.contrib.search_promotions.models import Query

    minimum = getattr(settings, "GONGZHI_POPULAR_MIN_HITS", 10)

    def compute():
        since = datetime.date.today() - datetime.timedelta(days=days)
        return list(Query.get_most_popular(date_since=since).filter(_hits__gte=minimum)[:limit])

    return cache.get_or_set(f"search:popular:{days}:{limit}", compute, POPULAR_TTL)
