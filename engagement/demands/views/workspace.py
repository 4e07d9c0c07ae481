"""The department workspace (部门工作台): own department only; Supervisors see every department."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.downloads import csv_response
from content.models import Department

from .. import permissions as perms
from .. import statistics
from ..forms import AnswerForm, DecisionForm, ExportForm, ExtensionForm, HandOverForm, ReasonForm
from ..handover import demand_refusal, mediation_organisations
from ..models import Demand, DemandEvent, ExtensionRequest
from ..selectors import WORKSPACE_TABS, add_support_counts, annotate_deadlines, workspace_counts, workspace_inbox
from .admin_base import AdminAction, DemandAdminView, contact_context, form_errors, handle_action, run_action

TAB_LABELS = {
    "new": gettext_lazy("New"), "accepted": gettext_lazy("Accepted"),
    "due_soon": gettext_lazy("Due within a working day"), "overdue": gettext_lazy("Overdue"),
    "reopened": gettext_lazy("Reopened"), "answered": gettext_lazy("Answered"),
}


def _departments_in_view(request):
    """(department shown, departments to choose from). Supervisors choose any or all; staff of several
    departments choose among theirs; staff of one see it."""
    user = request.user
    choices = list(Department.objects.all()) if perms.is_supervisor(user) else list(
        Department.objects.filter(pk__in=perms.user_department_ids(user)))
    slug = request.GET.get("department")
    chosen = next((d for d in choices if d.slug == slug), None)
    if chosen is None and not perms.is_supervisor(user) and choices:
        chosen = choices[0] if len(choices) == 1 else None
    return chosen, choices if len(choices) > 1 else []


class WorkspaceInboxView(DemandAdminView):
    template_name = "demands/admin/workspace_inbox.html"
    page_title = gettext_lazy("Department workspace")
    permission_required = "use_workspace"

    def get_context_data(self, **kwargs):
        tab = self.request.GET.get("tab", "new")
        if tab not in WORKSPACE_TABS:
            tab = "new"
        department, departments = _departments_in_view(self.request)
        scope = perms.policy.instances_user_has_permission_for(self.request.user, "view_in_workspace")
        if department is not None:
            scope = scope.filter(department=department)
        counts = workspace_counts(scope)
        page = self.paginate(workspace_inbox(tab, scope))
        period = statistics.default_period()
        figures = statistics.for_department(department, period)["total"] if department else statistics.for_all(period)
        return super().get_context_data(
            period=period, figures=figures,
            tab=tab, tabs=[(t, TAB_LABELS[t], counts[t]) for t in WORKSPACE_TABS], page=page,
            demands=annotate_deadlines(add_support_counts(list(page.object_list))), department=department,
            departments=departments, **kwargs,
        )


WORKSPACE_ACTIONS = {
    "accept": AdminAction("accept", forms.Form, lambda d, f, user: d.accept(by=user), lambda f: _("Accepted.")),
    "return": AdminAction(
        "return", ReasonForm, lambda d, f, user: d.return_to_triage(by=user, reason=f["reason"]),
        lambda f: _("Returned to triage."), to_inbox=True),
    "answer": AdminAction(
        "answer", AnswerForm, lambda d, f, user: d.answer(text=f["text"], by=user, attachment=f.get("attachment")),
        lambda f: _("Answer published."), files=True),
    "hand_over": AdminAction(
        "hand_over", HandOverForm,
        lambda d, f, user: d.hand_over(to=f["organisation"], by=user, reason=f["reason"]),
        lambda f: _("Handed to %(organisation)s; the answer deadline stays.") % {"organisation": f["organisation"]}),
    "take_back": AdminAction(
        "take_back", ReasonForm, lambda d, f, user: d.take_back(by=user, reason=f["reason"]),
        lambda f: _("Taken back: your department answers it.")),
    "extend": AdminAction(
        "extend", ExtensionForm,
        lambda d, f, user: d.request_extension(days=f["days"], reason=f["reason"], by=user),
        lambda f: _("Extension requested; a supervisor will decide.")),
}


class WorkspaceDetailView(DemandAdminView):
    template_name = "demands/admin/workspace_detail.html"
    permission_required = "use_workspace"

    def get_demand(self):
        # Another department's demand does not exist for this user.
        return get_object_or_404(
            perms.policy.instances_user_has_permission_for(self.request.user, "view_in_workspace")
            .select_related("topic", "area", "department", "author", "handler"), pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return self.demand.tracking_number

    def get(self, request, *args, **kwargs):
        self.demand = self.get_demand()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        d, user = self.demand, self.request.user
        return super().get_context_data(
            demand=d, is_late=d.is_overdue(), photos=list(d.photos.all()),
            events=list(d.events.select_related("actor", "department", "organisation")),
            answers=list(d.answers.all()), ratings=list(d.ratings.all()),
            extension_requests=list(d.extension_requests.select_related("requested_by", "decided_by")),
            return_form=ReasonForm(), answer_form=AnswerForm(), extension_form=ExtensionForm(),
            decision_form=DecisionForm(),
            can_accept=perms.can(user, "accept", d), can_return=perms.can(user, "return", d),
            can_answer=perms.can(user, "answer", d), can_request_extension=perms.can(user, "extend", d),
            can_decide_extension=perms.can(user, "decide_extension", d),
            can_hand_over=perms.can(user, "hand_over", d), hand_over_refusal=demand_refusal(d),
            can_take_back=perms.can(user, "take_back", d), hand_over_form=HandOverForm(),
            handover_candidates=mediation_organisations() if perms.can(user, "hand_over", d) else [],
            **contact_context(self.request, d), **kwargs,
        )

    def post(self, request, pk, action):
        d = self.get_demand()
        return handle_action(request, d, WORKSPACE_ACTIONS, action,
                             back=reverse("demands_admin:workspace_detail", args=[d.pk]),
                             inbox=reverse("demands_admin:workspace"))


class ExtensionsView(DemandAdminView):
    template_name = "demands/admin/extensions.html"
    page_title = gettext_lazy("Extension requests")
    permission_required = "manage_deadlines"

    def get_context_data(self, **kwargs):
        pending = ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING).select_related(
            "demand__department", "requested_by")
        decided = ExtensionRequest.objects.exclude(status=ExtensionRequest.Status.PENDING).select_related(
            "demand__department", "requested_by", "decided_by")[:30]
        return super().get_context_data(pending=list(pending), decided=list(decided), form=DecisionForm(), **kwargs)

    def post(self, request, pk):
        req = get_object_or_404(ExtensionRequest.objects.select_related("demand"), pk=pk)
        if not perms.can(request.user, "decide_extension", req.demand):
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
    permission_required = "export"

    def get(self, request, *args, **kwargs):
        if "download" not in request.GET:
            return super().get(request, *args, **kwargs)
        form = ExportForm(request.GET)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        return self.csv(form.cleaned_data)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ExportForm())
        return super().get_context_data(may_export_contact=perms.can(self.request.user, "export_contact"), **kwargs)

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
        with_contact = bool(f["include_contact"]) and perms.can(self.request.user, "export_contact")
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
