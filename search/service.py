"""The site search: articles, policies, public demands and departments in one ranked list.

Everything goes through Wagtail's search API (``queryset.search(...)``), so the same code runs on
the Whoosh backend and on Elasticsearch/OpenSearch when ``SEARCH_URL`` is set.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from content.models import ArticlePage, Department, PolicyPage, Topic

from .analysis import MAX_QUERY_CHARS, query_units
from .highlight import highlight, plain_text

PAGE_SIZE = 10
MAX_PAGES = 50  # deep pages are not useful and would fetch a lot

TYPES = {
    "article": _("News"),
    "policy": _("Policies"),
    "demand": _("Public demands"),
    "department": _("Departments"),
}


def demand_model():
    try:
        return apps.get_model("demands", "Demand")
    except LookupError:
        return None


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
    type: str = ""
    topic: Topic | None = None
    department: Department | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @classmethod
    def from_params(cls, params):
        f = cls()
        f.type = params.get("type", "") if params.get("type", "") in TYPES else ""
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


def queryset_for(kind, filters):
    """The filtered queryset of one result type, or None when the filters exclude the type."""
    topic, dept, d_from, d_to = filters.topic, filters.department, filters.date_from, filters.date_to
    if kind in ("article", "policy"):
        model = ArticlePage if kind == "article" else PolicyPage
        qs = model.objects.live().public()
        if topic:
            qs = qs.filter(topics__slug=topic.slug)
        if dept:
            qs = qs.filter(departments__slug=dept.slug) if kind == "article" else qs.filter(issuing_department=dept.pk)
        if d_from:
            qs = qs.filter(first_published_at__gte=_day_start(d_from))
        if d_to:
            qs = qs.filter(first_published_at__lte=_day_end(d_to))
        return qs
    if kind == "demand":
        Demand = demand_model()
        if Demand is None:
            return None
        qs = Demand.objects.publicly_readable()
        if topic:
            qs = qs.filter(topic=topic.pk)
        if dept:
            qs = qs.filter(department=dept.pk)
        if d_from:
            qs = qs.filter(submitted_at__gte=_day_start(d_from))
        if d_to:
            qs = qs.filter(submitted_at__lte=_day_end(d_to))
        return qs
    if kind == "department":
        if topic or d_from or d_to:
            return None
        qs = Department.objects.all()
        if dept:
            qs = qs.filter(slug=dept.slug)
        return qs
    return None


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
    per_type = {}
    for kind in TYPES:
        qs = queryset_for(kind, filters)
        if qs is None:
            outcome.type_counts[kind] = 0
            continue
        results = backend.search(query, qs, operator="and").annotate_score("_score")
        outcome.type_counts[kind] = results.count()
        per_type[kind] = results

    kinds = [filters.type] if filters.type else list(TYPES)
    merged, total = [], 0
    for kind in kinds:
        results = per_type.get(kind)
        if results is None:
            continue
        total += outcome.type_counts[kind]
        for obj in results[:needed]:
            merged.append(Hit(kind=kind, obj=obj, score=getattr(obj, "_score", 0) or 0))
    merged.sort(key=lambda h: -h.score)
    outcome.total = total

    paginator = Paginator(range(min(total, MAX_PAGES * PAGE_SIZE)), PAGE_SIZE)
    page = paginator.get_page(page_number)
    start = (page.number - 1) * PAGE_SIZE
    page.object_list = [_decorate(h, query, request) for h in merged[start : start + PAGE_SIZE]]
    outcome.page = page

    _facet_counts(outcome, per_type, kinds)
    return outcome


def _decorate(hit, query, request):
    obj, kind = hit.obj, hit.kind
    hit.type_label = TYPES[kind]
    if kind in ("article", "policy"):
        hit.title = obj.title
        hit.url = obj.get_url(request)
        source = obj.summary or (plain_text(obj.body) if kind == "article" else obj.policy_title)
        hit.date = obj.first_published_at
    elif kind == "demand":
        hit.title = obj.title
        hit.url = obj.get_absolute_url()
        source = obj.description
        hit.date = obj.submitted_at
    else:
        hit.title = obj.name
        hit.url = obj.get_absolute_url()
        source = obj.description
    hit.title_html = highlight(hit.title, query, width=200)
    hit.excerpt = highlight(source, query)
    return hit


def _facet_counts(outcome, per_type, kinds):
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
        pks = _pks(results)
        model = results.model
        base = model.objects.filter(pk__in=pks)
        if kind in ("article", "policy"):
            add(topics, base.values("topics").annotate(n=Count("pk")).order_by(), "topics")
            key = "departments" if kind == "article" else "issuing_department"
            add(depts, base.values(key).annotate(n=Count("pk")).order_by(), key)
        elif kind == "demand":
            add(topics, base.values("topic").annotate(n=Count("pk")).order_by(), "topic")
            add(depts, base.values("department").annotate(n=Count("pk")).order_by(), "department")
        elif kind == "department":
            for pk in pks:
                depts[pk] = depts.get(pk, 0) + 1
    topic_objs = Topic.objects.in_bulk(list(topics))
    dept_objs = Department.objects.in_bulk(list(depts))
    outcome.topic_counts = sorted(
        ((topic_objs[pk], n) for pk, n in topics.items() if pk in topic_objs), key=lambda t: (-t[1], t[0].name)
    )
    outcome.department_counts = sorted(
        ((dept_objs[pk], n) for pk, n in depts.items() if pk in dept_objs), key=lambda t: (-t[1], t[0].name)
    )


def log_query(query):
    """Wagtail's query log (popular queries, editors' picks)."""
    from wagtail.contrib.search_promotions.models import Query

    if normalise_query_string(query):
        Query.get(query).add_hit()


def promotions_for(query):
    from wagtail.contrib.search_promotions.models import SearchPromotion

    normalised = normalise_query_string(query)
    if not normalised:
        return []
    return list(
        SearchPromotion.objects.filter(query__query_string=normalised).select_related("page").order_by("sort_order")
    )


def popular_queries(days=30, limit=8):
    from wagtail.contrib.search_promotions.models import Query

    since = datetime.date.today() - datetime.timedelta(days=days)
    return list(Query.get_most_popular(date_since=since)[:limit])


def similar_demands(title, limit=5):
    """Public demands whose titles resemble ``title`` (more-like-this from the same index)."""
    Demand = demand_model()
    title = clean_query(title)[:120]
    if Demand is None or len(title) < 2 or not query_units(title):
        return []
    backend = get_search_backend()
    qs = Demand.objects.publicly_readable()
    if hasattr(backend, "more_like_this"):
        return backend.more_like_this(Demand, title, fields=["title"], limit=limit, queryset=qs)
    return list(backend.search(title, qs, fields=["title"], operator="or")[:limit])
