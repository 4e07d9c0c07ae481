"""What consultations add to other pages: under the adopted policy, the consultation and its report."""

from django.template.loader import render_to_string

from content import sitewide
from content.models import PolicyPage
from content.visibility import page_is_viewable

from .models import AdoptionReport, ConsultationPage


def adopted_policy_panel(page, request):
    """Under a PolicyPage adopted after a consultation: a link back to it and to its adoption report."""
    if not isinstance(page, PolicyPage) or not page_is_viewable(page, request):
        return None
    consultations = list(sitewide.public(ConsultationPage.objects.live()).filter(adopted_policy=page).order_by("-closes_on"))
    if not consultations:
        return None
    reported = set(AdoptionReport.objects.filter(consultation__in=consultations)
                   .values_list("consultation_id", flat=True))
    rows = [(c, c.report_url() if c.pk in reported else "") for c in consultations]
    return render_to_string("consultations/includes/policy_panel.html", {"rows": rows}, request=request)
