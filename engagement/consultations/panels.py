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


def statements_panel(page, request):
    """The approved position statements on a policy or consultation, and the form for an organisation in force;
    nothing when there are none and the reader may not state."""
    from django.conf import settings

    from engagement.residents.organisations import acting_organisation

    from . import statements

    if not statements.takes_statements(page) or not page_is_viewable(page, request):
        return None
    rows = statements.statements_on(page)
    state, _standing = statements.statement_form_state(page, request.user)
    if not rows and state is None:
        return None
    return render_to_string("consultations/includes/statements.html", {
        "page": page, "statements": rows, "state": state, "max_length": settings.COMMENTS_MAX_LENGTH,
        "organisation": acting_organisation(request.user) if state == "form" else None,
    }, request=request)


def organisation_statements_panel(record, request):
    """On an organisation's public page: its approved position statements, each linking to its policy or consultation."""
    from . import statements

    rows = statements.statements_by(record)
    if not rows:
        return None
    return render_to_string("consultations/includes/organisation_statements.html", {"rows": rows}, request=request)
