"""The adoption-report workspace in the Wagtail admin: the consultations a user may see, and per consultation
its opinions (held ones too), one decision form per opinion and the publish form.

Every view asks permissions.can(): department staff see their own department's consultations only.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from engagement.comments.models import state_of

from . import permissions, services
from .forms import DecisionForm, ReportForm
from .models import ConsultationPage, Opinion, Outcome
from .selectors import numbered

PER_PAGE = 50


class WorkspaceIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/index.html"
    page_title = gettext_lazy("Adoption reports")
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        undecided = Q(opinions__outcome=Outcome.OPEN) & ~Q(opinions__comment__is_removed=True)
        rows = list(
            permissions.policy.instances_user_has_permission_for(self.request.user, "view")
            .select_related("issuing_department", "adoption_report")
            .annotate(received=Count("opinions", filter=~Q(opinions__comment__is_removed=True)),
                      undecided=Count("opinions", filter=undecided))
            .order_by("-closes_on", "-pk")
        )
        for row in rows:
            row.current_stage = row.stage_on(reported=hasattr(row, "adoption_report"))
        context["rows"] = rows
        return context


class WorkspaceDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/detail.html"
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        self.consultation = get_object_or_404(ConsultationPage, pk=kwargs["page_id"])
        if not permissions.can(request.user, "view", self.consultation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Adoption report: %(title)s") % {"title": self.consultation.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("consultations_admin:index"), "label": WorkspaceIndexView.page_title},
            {"url": "", "label": self.consultation.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consultation = self.consultation
        numbers = {s.pk: s.number for s in numbered(consultation)}
        opinions = Paginator(
            services.received(consultation).select_related("comment", "decided_by").order_by("section_id", "pk"),
            PER_PAGE,
        ).get_page(self.request.GET.get("page"))
        for opinion in opinions.object_list:
            opinion.section_number = numbers.get(opinion.section_id)
            opinion.moderation_state = state_of(opinion.comment)
            opinion.form = DecisionForm(initial={"outcome": opinion.outcome or None, "reason": opinion.outcome_reason},
                                        prefix=f"o{opinion.pk}")
        reported = hasattr(consultation, "adoption_report") and consultation.adoption_report is not None
        context.update(
            consultation=consultation, opinions=opinions, reported=reported,
            may_report=permissions.can(self.request.user, "report", consultation),
            blockers=[] if reported else services.report_blockers(consultation),
            report_form=ReportForm(), public_report_url=consultation.report_url() if reported else "",
        )
        return context


def _reporter_consultation(request, page_id):
    consultation = get_object_or_404(ConsultationPage, pk=page_id)
    if not permissions.can(request.user, "report", consultation):
        raise PermissionDenied
    return consultation


@require_POST
def decide(request, page_id, opinion_id):
    consultation = _reporter_consultation(request, page_id)
    opinion = get_object_or_404(Opinion, pk=opinion_id, consultation=consultation)
    form = DecisionForm(request.POST, prefix=f"o{opinion.pk}")
    if not form.is_valid():
        messages.error(request, _("Please choose an outcome and give the reason."))
    else:
        try:
            services.decide(opinion, by=request.user, **form.cleaned_data)
        except services.ConsultationRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Decision saved."))
    page = request.POST.get("page", "")
    url = reverse("consultations_admin:detail", args=[consultation.pk])
    return redirect(f"{url}?page={page}#opinion-{opinion.pk}" if page.isdigit() else f"{url}#opinion-{opinion.pk}")


@require_POST
def publish(request, page_id):
    consultation = _reporter_consultation(request, page_id)
    form = ReportForm(request.POST)
    try:
        services.publish_report(consultation, summary=form.data.get("summary", ""), by=request.user)
    except services.ConsultationRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The adoption report is published; everyone who gave an opinion is told."))
    return redirect("consultations_admin:detail", consultation.pk)
