"""The department workspace (部门工作台): own department only; Supervisors see every department."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.downloads import csv_response
from content.models import Department

from .. import permissions as perms
from .. import statistics
from ..forms import AnswerForm, DecisionForm, ExportForm, ExtensionForm, ReasonForm
from ..models import Demand, DemandEvent, ExtensionRequest
from ..selectors import WORKSPACE_TABS, add_support_counts, annotate_overdue, workspace_counts, workspace_inbox
from .admin_base import DemandAdminView, already_handled, contact_context, form_errors, run_action

TAB_LABELS = {
    "new": gettext_lazy("New"), "accepted": gettext_lazy("Accepted"),
    "overdue": gettext_lazy("Overdue"), "answered": gettext_lazy("Answered"),
}


def _scope(request):
    """(department, departments to choose from): staff get their own; Supervisors any or all."""
    if perms.is_supervisor(request.user):
        slug = request.GET.get("department")
        department = Department.objects.filter(slug=slug).first() if slug else None
        return department, list(Department.objects.all())
    return perms.user_department(request.user), []


class WorkspaceInboxView(DemandAdminView):
    template_name = "demands/admin/workspace_inbox.html"
    page_title = gettext_lazy("Department workspace")
    allowed = staticmethod(perms.can_use_workspace)

    def get_context_data(self, **kwargs):
        tab = self.request.GET.get("tab", "new")
        if tab not in WORKSPACE_TABS:
            tab = "new"
        department, departments = _scope(self.request)
        counts = workspace_counts(department)
        page = self.paginate(workspace_inbox(tab, department))
        period = statistics.default_period()
        figures = statistics.for_department(department, period)["total"] if department else statistics.for_all(period)
        return super().get_context_data(
            period=period, figures=figures,
            tab=tab, tabs=[(t, TAB_LABELS[t], counts[t]) for t in WORKSPACE_TABS], page=page,
            demands=annotate_overdue(add_support_counts(list(page.object_list))), department=department, departments=departments,
            **kwargs,
        )


class WorkspaceDetailView(DemandAdminView):
    template_name = "demands/admin/workspace_detail.html"
    allowed = staticmethod(perms.can_use_workspace)

    def get_demand(self):
        demand = get_object_or_404(
            Demand.objects.select_related("topic", "area", "department", "author"), pk=self.kwargs["pk"]
        )
        if not perms.can_view_in_workspace(self.request.user, demand):
            raise Http404  # another department's demand does not exist for this user
        return demand

    def get_page_title(self):
        return self.demand.tracking_number

    def get(self, request, *args, **kwargs):
        self.demand = self.get_demand()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        d, user = self.demand, self.request.user
        return super().get_context_data(
            demand=d, is_late=d.is_overdue(), photos=list(d.photos.all()),
            events=list(d.events.select_related("actor", "department")),
            answers=list(d.answers.all()), ratings=list(d.ratings.all()),
            extension_requests=list(d.extension_requests.select_related("requested_by", "decided_by")),
            return_form=ReasonForm(), answer_form=AnswerForm(), extension_form=ExtensionForm(),
            decision_form=DecisionForm(),
            can_accept=perms.can_accept(user, d), can_return=perms.can_return(user, d),
            can_answer=perms.can_answer(user, d), can_request_extension=perms.can_request_extension(user, d),
            can_decide_extension=perms.can_decide_extension(user, d),
            **contact_context(self.request, d), **kwargs,
        )

    def post(self, request, pk, action):
        d = self.get_demand()
        user = request.user
        back = reverse("demands_admin:workspace_detail", args=[d.pk])
        inbox = reverse("demands_admin:workspace")
        checks = {"accept": perms.can_accept, "return": perms.can_return, "answer": perms.can_answer,
                  "extend": perms.can_request_extension}
        if action not in checks:
            raise Http404
        if not checks[action](user, d):
            # State may have moved on under us: say so rather than a bare 403 when the user could act before.
            if perms.is_department_staff(user) and perms.can_view_in_workspace(user, d):
                return already_handled(request, d, back)
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if action == "accept":
            return run_action(request, lambda: d.accept(by=user), _("Accepted."), back)
        if action == "return":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                return form_errors(request, form, back)
            return run_action(request, lambda: d.return_to_triage(by=user, reason=form.cleaned_data["reason"]),
                              _("Returned to triage."), inbox)
        if action == "answer":
            form = AnswerForm(request.POST, request.FILES)
            if not form.is_valid():
                return form_errors(request, form, back)
            return run_action(request, lambda: d.answer(text=form.cleaned_data["text"], by=user,
                                                        attachment=form.cleaned_data.get("attachment")),
                              _("Answer published."), back)
        form = ExtensionForm(request.POST)
        if not form.is_valid():
            return form_errors(request, form, back)
        return run_action(request, lambda: d.request_extension(days=form.cleaned_data["days"],
                                                               reason=form.cleaned_data["reason"], by=user),
                          _("Extension requested; a supervisor will decide."), back)


class ExtensionsView(DemandAdminView):
    template_name = "demands/admin/extensions.html"
    page_title = gettext_lazy("Extension requests")
    allowed = staticmethod(perms.can_manage_deadlines)

    def get_context_data(self, **kwargs):
        pending = ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING).select_related(
            "demand__department", "requested_by")
        decided = ExtensionRequest.objects.exclude(status=ExtensionRequest.Status.PENDING).select_related(
            "demand__department", "requested_by", "decided_by")[:30]
        return super().get_context_data(pending=list(pending), decided=list(decided), form=DecisionForm(), **kwargs)

    def post(self, request, pk):
        req = get_object_or_404(ExtensionRequest.objects.select_related("demand"), pk=pk)
        if not perms.can_decide_extension(request.user, req.demand):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = DecisionForm(request.POST)
        back = reverse("demands_admin:extensions")
        if not form.is_valid():
            return form_errors(request, form, back)
        grant = form.cleaned_data["decision"] == "grant"
        return run_action(request, lambda: req.demand.decide_extension(req, grant=grant, by=request.user,
                                                                       note=form.cleaned_data["note"]),
                          _("Extension granted.") if grant else _("Extension refused."), back)


EXPORT_COLUMNS = [
    "tracking_number", "title", "kind", "channel", "status", "topic", "area", "department", "is_public",
    "submitted_at", "forwarded_at", "accepted_at", "first_answered_at", "answered_at", "closed_at",
    "accept_due_at", "answer_due_at", "overdue", "on_time", "working_days_to_answer", "satisfaction",
]
CONTACT_COLUMNS = ["contact_name", "contact_phone", "contact_email", "contact_address"]


class ExportView(DemandAdminView):
    """CSV for Supervisors; contact details only with the permission AND the checkbox, audited."""

    template_name = "demands/admin/export.html"
    page_title = gettext_lazy("Export demands")
    allowed = staticmethod(perms.can_export)

    def get(self, request, *args, **kwargs):
        if "download" not in request.GET:
            return super().get(request, *args, **kwargs)
        form = ExportForm(request.GET)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        return self.csv(form.cleaned_data)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ExportForm())
        return super().get_context_data(may_export_contact=perms.can_export_contact(self.request.user), **kwargs)

    def csv(self, f):
        qs = Demand.objects.all()
        if f["department"]:
            qs = qs.filter(department=f["department"])
        if f["status"]:
            qs = qs.filter(status=f["status"])
        if f["submitted_from"]:
            qs = qs.filter(submitted_at__date__gte=f["submitted_from"])
        if f["submitted_to"]:
            qs = qs.filter(submitted_at__date__lte=f["submitted_to"])
        with_contact = bool(f["include_contact"]) and perms.can_export_contact(self.request.user)
        facts = {fact.pk: fact for fact in statistics.facts_of(qs)}
        qs = qs.select_related("topic", "area", "department").prefetch_related("ratings")
        if with_contact:
            qs = qs.select_related("contact")
        demands = list(qs.order_by("submitted_at"))
        now = timezone.now()
        rows = []
        for d in demands:
            ratings = list(d.ratings.all())
            fact = facts.get(d.pk)
            row = [
                d.tracking_number, d.title, d.kind, d.channel, d.status, d.topic.name,
                d.area.name if d.area else "", d.department.name if d.department else "", d.is_public,
                *[timezone.localtime(t).isoformat() if t else "" for t in (
                    d.submitted_at, d.forwarded_at, d.accepted_at, d.first_answered_at, d.answered_at,
                    d.closed_at, d.accept_due_at, d.answer_due_at)],
                d.is_overdue(now), d.first_answered_on_time, fact.working_days if fact else None,
                ratings[-1].satisfaction if ratings else "",
            ]
            if with_contact:
                c = getattr(d, "contact", None)
                row += [c.name, c.phone, c.email, c.address] if c else ["", "", "", ""]
            rows.append(row)
        response = csv_response(f"demands-{now:%Y%m%d-%H%M}.csv", rows,
                                header=EXPORT_COLUMNS + (CONTACT_COLUMNS if with_contact else []))
        if with_contact and demands:
            DemandEvent.objects.bulk_create([
                DemandEvent(demand=d, actor=self.request.user, action=DemandEvent.Action.CONTACT_EXPORTED,
                            from_status=d.status, to_status=d.status, note=self.request.get_full_path()[:500])
                for d in demands
            ])
        return response


def redirect_home(request):
    return redirect("demands_admin:workspace")
