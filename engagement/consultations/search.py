"""Consultations in the site search: the "consultation" result type (the contract is search/types.py)."""

from django.utils.translation import gettext_lazy as _

from content.page_search import PageSearchType

from .models import ConsultationPage


class ConsultationSearchType(PageSearchType):
    """Live, public consultations, by issuing department and first publication (they carry no topics)."""

    key, label, model = "consultation", _("Consultations"), ConsultationPage
    topic_field, department_field = None, "issuing_department"

    def queryset(self, filters):
        return None if filters.topic else super().queryset(filters)

    def by_department(self, qs, department):
        return qs.filter(issuing_department=department.pk)
