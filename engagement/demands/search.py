"""Demands in the site search: the "demand" result type and similar demands.

Search registers nothing about demands itself: ``wagtail_hooks.py`` hands it this type through the
``gongzhi_search_types`` hook (the contract is in ``search/types.py``). What may be found, on the
search page and among similar demands, is ``Demand.objects.publicly_readable()`` — the one rule for
who may read a demand (诉求), which also keeps rejected and merged demands out.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from .models import Demand

MAX_TITLE_CHARS = 120  # a demand title's max_length


class DemandSearchType:
    """Public demands on the search page, by topic, department and submission date."""

    key, label = "demand", _("Public demands")
    topic_field, department_field = "topic", "department"
    similar_template = "demands/similar_demands.html"
    # A reader who searches a news site expects the newsroom's article or explainer on a matter
    # above residents' demands about it; 0.8 keeps a demand titled with the words above a page
    # that only mentions them (schema.TITLE_BASE × 0.8 > schema.REST_CAP).
    prior = 0.8

    def queryset(self, filters):
        qs = Demand.objects.publicly_readable()
        if filters.topic:
            qs = qs.filter(topic=filters.topic.pk)
        if filters.department:
            qs = qs.filter(department=filters.department.pk)
        if filters.since:
            qs = qs.filter(submitted_at__gte=filters.since)
        if filters.until:
            qs = qs.filter(submitted_at__lte=filters.until)
        return qs

    def show(self, demand, request):
        return {"title": demand.title, "url": demand.get_absolute_url(), "snippet": demand.description,
                "date": demand.submitted_at}

    def exact(self, query, request):
        """A tracking number (any case, spaced, full-width) of a demand the asker may read: its page."""
        from .selectors import find_readable

        demand = find_readable(query, request.user if request is not None else None)
        return demand.get_absolute_url() if demand else None

    def similar(self, text, limit=5):
        return similar_demands(text, limit=limit)


def similar_demands(title, limit=5):
    """Public demands whose titles resemble ``title``: the ones a resident typing a new demand may
    find already raised (the search backend's more-like-this over the demand titles it indexed)."""
    title = "".join(ch for ch in (title or "") if ch.isprintable()).strip()[:MAX_TITLE_CHARS]
    if len(title) < 2:
        return []
    # Punctuation, operators or markup need no check here: the analyzer finds no term in them.
    backend = get_search_backend()
    readable = Demand.objects.publicly_readable()
    if hasattr(backend, "more_like_this"):
        return backend.more_like_this(Demand, title, fields=["title"], limit=limit, queryset=readable)
    return list(backend.search(title, readable, fields=["title"], operator="or")[:limit])
