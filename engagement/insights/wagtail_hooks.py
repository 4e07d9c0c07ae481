"""Insights in the Wagtail admin (dashboard, duplicates, stop words) and on the extension points."""

from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.hooks import NAV_ITEMS, ROLE_PERMISSIONS, SEED_DEMO, TRIAGE_PANELS
from content.roles import CHIEF_EDITORS, DEPARTMENT_STAFF, EDITORS, MODERATORS, SUPERVISORS

from .models import StopWord
from .permissions import can_use_alert_desk, can_view_dashboard

_STOP_WORDS = [f"insights.{a}_stopword" for a in ("add", "change", "delete", "view")]


@hooks.register(ROLE_PERMISSIONS)
def insights_role_permissions():
    return {
        SUPERVISORS: ["insights.view_dashboard", "insights.change_alert", "insights.view_alert",
                      "insights.assign_alert"] + _STOP_WORDS,
        CHIEF_EDITORS: ["insights.view_dashboard"] + _STOP_WORDS,
        MODERATORS: ["insights.view_dashboard", "insights.assign_alert"],
        EDITORS: _STOP_WORDS,
        DEPARTMENT_STAFF: ["insights.dispose_alert"],
    }


@hooks.register("register_log_actions")
def register_alert_log_actions(actions):
    actions.register_action("gongzhi.alerts.assign", _("Assign early warning"), _("Early warning assigned to a department"))
    actions.register_action("gongzhi.alerts.dispose", _("Dispose of early warning"), _("Early warning disposed of"))


@hooks.register("register_admin_urls")
def insights_admin_urls():
    return [path("insights/", include("engagement.insights.admin_urls", namespace="insights_admin"))]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_dashboard(request.user)


class AlertDeskMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_alert_desk(request.user)


class DuplicatesMenuItem(MenuItem):
    def is_shown(self, request):
        try:
            from engagement.demands.permissions import can
        except ImportError:  # demands not installed
            return False
        return can(request.user, "triage")


@hooks.register("register_admin_menu_item")
def insights_menu_item():
    return DashboardMenuItem(_("Insights"), reverse("insights_admin:dashboard"), icon_name="view", order=900)


@hooks.register("register_admin_menu_item")
def alert_desk_menu_item():
    return AlertDeskMenuItem(_("Early warnings to handle"), reverse("insights_admin:alerts"), icon_name="warning",
                             order=902)


@hooks.register("register_admin_menu_item")
def duplicates_menu_item():
    return DuplicatesMenuItem(
        _("Near-duplicate demands"), reverse("insights_admin:duplicates"), icon_name="doc-full", order=901
    )


class StopWordViewSet(SnippetViewSet):
    model = StopWord
    icon = "cross"
    list_display = ["word", "note"]
    search_fields = ["word", "note"]
    ordering = ["word"]
    menu_label = _("Stop words")


register_snippet(StopWordViewSet)


@hooks.register(TRIAGE_PANELS)
def department_suggestion_panel(demand, request):
    """Triage: the three most likely departments and the demand's near-duplicate group."""
    from .duplicates import group_of
    from .routing import suggest_departments

    suggestions = [
        (dept, None if confidence is None else 100 * confidence) for dept, confidence in suggest_departments(demand)
    ]
    return render_to_string(
        "insights/includes/triage_panel.html",
        {"demand": demand, "suggestions": suggestions, "group": group_of(demand)},
        request=request,
    )


@hooks.register(NAV_ITEMS)
def insights_nav_items(request):
    return [(_("Insights"), reverse("insights:insights")), (_("Transparency"), reverse("insights:transparency"))]


@hooks.register(SEED_DEMO, order=60)
def seed_insights(command):
    """Compute hot terms, alerts and the routing model from whatever the other apps seeded (idempotent)."""
    from .alerts import run_alerts
    from .hot_terms import run_hot_terms
    from .routing import train

    result = run_hot_terms()
    run_alerts()
    model = train()
    command.stdout.write(
        f"Insights: {result['documents'] if result else 0} documents counted; "
        f"routing model {'trained on %s demands' % model.samples if model else 'not trained (too little history)'}."
    )


@hooks.register("construct_homepage_panels")
def alerts_panel(request, panels):
    """Supervisors see today's early warnings (预警) among their work at the top of the dashboard."""
    from .permissions import can_acknowledge_alert

    if not can_acknowledge_alert(request.user):
        return
    from django.utils import timezone

    from content.dashboard import FiguresPanel

    from .models import Alert

    class AlertsPanel(FiguresPanel):
        heading = _("Early warnings")
        panel_id = "dashboard-alerts"

        def figures(self):
            today = timezone.localdate()
            url = reverse("insights_admin:dashboard") + "#alerts-heading"
            counts = {
                "today": Alert.objects.filter(day=today).count(),
                "open": Alert.objects.filter(status=Alert.Status.OPEN).count(),
            }
            return [(_("Alerts today"), counts["today"], url, counts["today"] > 0),
                    (_("Open alerts"), counts["open"], url, counts["open"] > 0)]

    panels.insert(sum(isinstance(p, FiguresPanel) for p in panels), AlertsPanel(request))
