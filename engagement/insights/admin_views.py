"""The supervisors' dashboard in the Wagtail admin: hot terms, heat table, alerts (with acknowledgement), routing
model; and the early-warning desk (预警 → 处置): assign an alert to a department, dispose of it."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import alerts as alert_service
from .models import Alert, RoutingModel
from .permissions import (
    can_acknowledge_alert, can_assign_alert, can_dispose_alert, can_use_alert_desk, can_view_dashboard,
)
from .selectors import alerts_for_dashboard, alerts_for_desk, search_url
from .views import insights_context


def dashboard(request):
    if not can_view_dashboard(request.user):
        raise PermissionDenied
    context = insights_context(request)
    alert_rows = alerts_for_dashboard()
    for alert in alert_rows:
        alert.search_url = search_url(alert.search_query) if alert.search_query else None
        alert.refs = alert.evidence_refs()
    routing = RoutingModel.objects.order_by("-trained_at").values("trained_at", "samples").first()
    context.update({
        "alerts": alert_rows,
        "can_acknowledge": can_acknowledge_alert(request.user),
        "routing": routing,
        "header_title": _("Insights"),
    })
    return render(request, "insights/admin/dashboard.html", context)


@require_POST
def acknowledge_alert(request, pk):
    alert = get_object_or_404(Alert, pk=pk)
    if not can_acknowledge_alert(request.user, alert):
        raise PermissionDenied
    note = request.POST.get("note", "").strip()
    if not note:
        messages.error(request, _("Write a note saying what was done about this alert."))
        return redirect("insights_admin:dashboard")
    alert_service.acknowledge(alert, by=request.user, note=note[:2000])
    messages.success(request, _("Alert acknowledged."))
    return redirect("insights_admin:dashboard")


def alert_desk(request):
    """预警 → 处置: Moderators and Supervisors assign alerts; department staff see and dispose of their own."""
    from content.models import Department

    if not can_use_alert_desk(request.user):
        raise PermissionDenied
    rows = alerts_for_desk(request.user)
    for alert in rows:
        alert.may_dispose = can_dispose_alert(request.user, alert)
        alert.search_url = search_url(alert.search_query) if alert.search_query else None
    may_assign = can_assign_alert(request.user)
    return render(request, "insights/admin/alert_desk.html", {
        "alerts": rows, "may_assign": may_assign, "today": timezone.localdate(),
        "departments": Department.objects.order_by("name") if may_assign else [],
        "header_title": _("Early warnings to handle"),
    })


def _desk_alert(request, pk):
    """The alert as the desk shows it to ``request.user``: another department's is not found."""
    from .permissions import alert_department_ids

    qs = Alert.objects.all()
    if not can_assign_alert(request.user):
        qs = qs.filter(department_id__in=alert_department_ids(request.user))
    return get_object_or_404(qs, pk=pk)


def _posted_date(value):
    try:
        return datetime.date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        raise alert_service.AlertRefused(_("Give the date as YYYY-MM-DD.")) from None


@require_POST
def assign_alert(request, pk):
    from content.models import Department

    if not can_assign_alert(request.user):
        raise PermissionDenied
    alert = _desk_alert(request, pk)
    department_id = request.POST.get("department", "")
    department = Department.objects.filter(pk=department_id).first() if department_id.isdigit() else None
    try:
        alert_service.assign(alert, department=department, due_on=_posted_date(request.POST.get("due_on", "")),
                             by=request.user)
    except alert_service.AlertRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Alert assigned to %(department)s, to be disposed of by %(date)s.") % {
            "department": department, "date": alert.due_on})
    return redirect("insights_admin:alerts")


@require_POST
def dispose_alert(request, pk):
    alert = _desk_alert(request, pk)
    if not can_dispose_alert(request.user, alert):
        raise PermissionDenied
    try:
        alert_service.dispose(alert, note=request.POST.get("note", ""), by=request.user)
    except alert_service.AlertRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Alert disposed of."))
    return redirect("insights_admin:alerts")


def duplicates(request):
    """Near-duplicate groups of demands awaiting triage, each with one "merge the group" action (moderators)."""
    from engagement.demands.permissions import can

    from .duplicates import open_demand_groups

    if not can(request.user, "triage"):
        raise PermissionDenied
    return render(request, "insights/admin/duplicates.html", {
        "groups": open_demand_groups(), "header_title": _("Near-duplicate demands"),
    })


@require_POST
def merge_group(request):
    """Merge the posted demands into the one chosen to survive, each through Demand.merge."""
    from engagement.demands.models import Demand
    from engagement.demands.permissions import can

    from .duplicates import merge_group as merge

    ids = [int(pk) for pk in request.POST.getlist("demand") if pk.isdigit()]
    into_id = request.POST.get("into", "")
    demands = list(Demand.objects.filter(pk__in=ids))
    into = next((d for d in demands if str(d.pk) == into_id), None)
    if into is None or len(demands) < 2:
        messages.error(request, _("Choose the demand the others are merged into."))
        return redirect(request.POST.get("next") or "insights_admin:duplicates")
    if not all(can(request.user, "merge", d) for d in demands):
        raise PermissionDenied
    merged, errors = merge([d for d in demands if d.pk != into.pk], into=into, by=request.user)
    if merged:
        messages.success(request, _("%(n)s demands merged into %(into)s.") % {"n": len(merged), "into": into.tracking_number})
    for demand, error in errors:
        messages.error(request, f"{demand.tracking_number}: {error}")
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("insights_admin:duplicates")
