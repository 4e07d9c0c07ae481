"""How a page type is a result type of the site search (the contract: search/types.py).

Live, public pages of one model, filtered by topic, department and first publication. Search builds
News and Policies on it; an app with a page type of its own (consultations) builds on it too, here
in content because engagement never imports search.
"""

from . import sitewide
from .locales import reading_locale


class PageSearchType:
    """Live, public pages of one type in the language being read (/en/: the English edition), by topic,
    department and first publication.

    A subclass sets ``key``, ``label``, ``model`` and ``department_field``, and says how to filter by
    department (``by_department``) and what to show when a page has no summary (``fallback_snippet``).
    """

    model = None
    department_field = None
    topic_field = "topics"
    prior = 1.0  # the newsroom's pages: the reference the other types' priors are set against

    def queryset(self, filters):
        qs = sitewide.public(self.model.objects.live()).filter(locale=reading_locale())
        if filters.topic:
            qs = qs.filter(topics__slug=filters.topic.slug)
        if filters.department:
            qs = self.by_department(qs, filters.department)
        if filters.since:
            qs = qs.filter(first_published_at__gte=filters.since)
        if filters.until:
            qs = qs.filter(first_published_at__lte=filters.until)
        return qs

    def show(self, page, request):
        return {"title": page.title, "url": page.get_url(request), "snippet": page.summary or self.fallback_snippet(page),
                "date": page.first_published_at}

    def fallback_snippet(self, page):
        return ""
