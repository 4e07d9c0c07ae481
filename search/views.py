"""The search page. Logic lives in search/service.py, the types it searches in search/types.py."""

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from content import sitewide

from . import service
from .types import search_types


@require_GET
def search_page(request):
    params = request.GET
    query = service.clean_query(params.get("q", ""))
    target = service.exact_match(query, request)
    if target:
        return redirect(target)
    filters = service.Filters.from_params(params)
    outcome = service.run_search(query, filters, params.get("page", 1), request=request)
    if outcome.searched and str(params.get("page", "1")) in ("", "1"):
        service.log_query(query)
    keep = {k: v for k, v in {
        "q": query,
        "type": filters.type,
        "topic": filters.topic.slug if filters.topic else "",
        "department": filters.department.slug if filters.department else "",
        "from": filters.date_from.isoformat() if filters.date_from else "",
        "to": filters.date_to.isoformat() if filters.date_to else "",
    }.items() if v}

    def link(**changes):
        merged = {**keep, **changes}
        return "?" + urlencode({k: v for k, v in merged.items() if v})

    context = {
        "query": query,
        "outcome": outcome,
        "filters": filters,
        "types": [(key, t.label, outcome.type_counts.get(key, 0), link(type=key)) for key, t in search_types().items()],
        "all_types_link": link(type=""),
        "topic_links": [(t, n, link(topic=t.slug)) for t, n in outcome.topic_counts],
        "department_links": [(d, n, link(department=d.slug)) for d, n in outcome.department_counts],
        "clear_topic_link": link(topic=""),
        "clear_department_link": link(department=""),
        "paging_query": urlencode(keep),
        "page_obj": outcome.page,
        "promotions": service.promotions_for(query) if query else [],
        "popular": service.popular_queries(),
        "all_topics": sitewide.topics(),
        "all_departments": sitewide.departments(),
        "max_length": service.MAX_QUERY_CHARS,
    }
    return render(request, "search/search.html", context)

