"""Staff see their work first: the demand panels at the top of the Wagtail dashboard, one per role.

    Moderators         demands waiting in triage, and since when the oldest waits
    Department staff   new, due within one working day, overdue, reopened after 不满意 (own departments only)
    Supervisors        overdue per department, pending extension requests

Every figure links to the list that shows exactly those demands, and every count is taken over the
permission policy's own queryset (``instances_user_has_permission_for``), so a panel never counts what
the list behind it would refuse. Comments pending and today's alerts are their apps' own panels.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.dashboard import FiguresPanel

from . import permissions as perms
from .deadlines import working_days_between
from .models import ExtensionRequest
from .selectors import overdue_by_department, triage_summary, workspace_counts


class TriagePanel(FiguresPanel):
    heading = _("Demands waiting in triage")
    panel_id = "dashboard-triage"

    def figures(self):
        self.summary = triage_summary()
        return [(_("Waiting in triage"), self.summary["count"], reverse("demands_admin:triage") + "?sort=waiting",
                 self.summary["count"] > 0)]

    def note(self):
        oldest = self.summary["oldest"]
        if oldest is None:
            return ""
        days = working_days_between(oldest, timezone.now())
        return _("The oldest has waited since %(date)s: %(days)s working days.") % {
            "date": timezone.localtime(oldest).strftime("%Y-%m-%d"), "days": days}


WORK_FIGURES = [
    ("new", _("New: to accept")),
    ("due_soon", _("Due within a working day")),
    ("overdue", _("Overdue")),
    ("reopened", _("Reopened after a dissatisfied rating")),
]


class DepartmentWorkPanel(FiguresPanel):
    heading = _("My department's demands")
    panel_id = "dashboard-department"

    def figures(self):
        scope = perms.policy.instances_user_has_permission_for(self.request.user, "view_in_workspace")
        scope = scope.filter(department_id__in=perms.user_department_ids(self.request.user))
        counts = workspace_counts(scope)
        base = reverse("demands_admin:workspace")
        return [(label, counts[tab], f"{base}?tab={tab}", tab != "new" and counts[tab] > 0)
                for tab, label in WORK_FIGURES]


class SupervisionPanel(FiguresPanel):
    heading = _("Supervision")
    panel_id = "dashboard-supervision"

    def figures(self):
        scope = perms.policy.instances_user_has_permission_for(self.request.user, "view_in_workspace")
        base = reverse("demands_admin:workspace")
        pending = ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING).count()
        rows = [(_("Extension requests to decide"), pending, reverse("demands_admin:extensions"), pending > 0)]
        overdue = overdue_by_department(scope)
        rows.append((_("Overdue, all departments"), sum(r[3] for r in overdue), f"{base}?tab=overdue",
                     bool(overdue)))
        rows += [(_("Overdue: %(department)s") % {"department": name}, n,
                  f"{base}?tab=overdue&department={slug}", True) for _pk, name, slug, n in overdue]
        return rows


def panels_for(request):
    """The demand panels ``request.user`` sees, in the order of their work."""
    user, panels = request.user, []
    if perms.is_moderator(user):
        panels.append(TriagePanel(request))
    if perms.is_department_staff(user):
        panels.append(DepartmentWorkPanel(request))
    if perms.is_supervisor(user):
        panels.append(SupervisionPanel(request))
    return panels
