"""Consultations in the site search: the "consultation" result type (the contract is search/types.py)."""

from django.utils.translation import gettext_lazy as _

from .models import ConsultationPage


class ConsultationSearchType:
    """Live, public consultations, by issuing department and first publication (they carry no topics)."""

    key, label = "consultation", _("Consultations")
    topic_field, department_field = None, "issuing_department"

    def queryset(self, filters):
        if filters.topic:
            return None
        qs = ConsultationPage.objects.live().public()
        if filters.department:
            qs = qs.filter(issuing_department=filters.department.pk)
        if filters.since:
            qs = qs.filter(first_published_at__gte=filters.since)
        if filters.until:
            qs = qs.filter(first_published_at__lte=filters.until)
        return qs

    def show(self, page, request):
        return {"title": page.title, "url": page.get_url(request), "snippet": page.summary,
                "date": page.first_published_at}
