"""The supervisors' dashboard in the Wagtail admin: hot terms, heat table, alerts (with acknowledgement), routing model."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import alerts as alert_service
from .models import Alert, RoutingModel
from .permissions import can_acknowledge_alert, can_view_dashboard
from .selectors import alerts_for_dashboard, search_url
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
