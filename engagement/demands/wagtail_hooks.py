"""Demands in the Wagtail admin (triage, workspace, supervision, settings snippets) and on the site's hooks."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.menu import Menu
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content.hooks import (
    AREA_PANELS,
    DEPARTMENT_PANELS,
    HOME_PANELS,
    MODERATION_COMMENT_ACTIONS,
    NAV_ITEMS,
    ORGANISATION_PANELS,
    PAGE_PANELS,
    PROFILE_PANELS,
    ROLE_PERMISSIONS,
    SEARCH_TYPES,
    SEED_DEMO,
    TOPIC_PANELS,
)
from content.roles import DEPARTMENT_STAFF, MODERATORS, SUPERVISORS

from . import admin_urls
from . import permissions as perms
from .models import CalendarDay, Demand, DepartmentDeadlines, Open311Client

register_permission_policy(Demand, perms.policy)


@hooks.register(ROLE_PERMISSIONS)
def demand_role_permissions():
    return {
        MODERATORS: perms.ROLE_PERMISSIONS["Moderators"],
        DEPARTMENT_STAFF: perms.ROLE_PERMISSIONS["Department staff"],
        SUPERVISORS: perms.ROLE_PERMISSIONS["Supervisors"],
    }


@hooks.register("register_admin_urls")
def demand_admin_urls():
    return [path("demands/", include(admin_urls, namespace="demands_admin"))]


class GatedMenuItem(MenuItem):
    """Shown exactly when the view behind it lets the user in: both ask the policy for ``area``."""

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area

    def is_shown(self, request):
        return perms.can(request.user, self.area)


class DemandsSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return any(item.is_shown(request) for item in self.menu.initial_menu_items)


@hooks.register("register_admin_menu_item")
def demands_menu():
    items = [
        GatedMenuItem(_("Triage"), reverse("demands_admin:triage"), name="demand-triage", icon_name="tasks",
                      order=10, area="triage"),
        GatedMenuItem(_("Enter a demand"), reverse("demands_admin:new"), name="demand-new", icon_name="plus",
                      order=20, area="enter"),
        GatedMenuItem(_("Department workspace"), reverse("demands_admin:workspace"), name="demand-workspace",
                      icon_name="list-ul", order=30, area="use_workspace"),
        GatedMenuItem(_("Extension requests"), reverse("demands_admin:extensions"), name="demand-extensions",
                      icon_name="time", order=40, area="manage_deadlines"),
        GatedMenuItem(_("Export CSV"), reverse("demands_admin:export"), name="demand-export", icon_name="download",
                      order=50, area="export"),
    ]
    return DemandsSubmenu(_("Demands"), Menu(items=items), name="demands", icon_name="help", order=260)


class CalendarDayViewSet(SnippetViewSet):
    """Supervisors edit the working-day calendar; an edit that would put an open demand's deadline still
    ahead in the past is refused (adding or changing: CalendarDay.clean(); deleting: below)."""

    model = CalendarDay
    icon = "date"
    list_display = ["date", "name", "is_working_day"]
    list_filter = ["is_working_day"]
    ordering = ["-date"]

    class IndexView(snippet_views.IndexView):
        @cached_property
        def columns(self):
            # No bulk delete: it would bypass the refusal of the delete view below.
            return [c for c in super().columns if not isinstance(c, BulkActionsCheckboxColumn)]

    class DeleteView(snippet_views.DeleteView):
        def form_valid(self, form):
            from .calendar import removal_refusal

            refused = removal_refusal(self.object)
            if refused:
                messages.error(self.request, refused)
                return redirect(self.get_success_url())
            return super().form_valid(form)

    index_view_class = IndexView
    delete_view_class = DeleteView


class DepartmentDeadlinesViewSet(SnippetViewSet):
    model = DepartmentDeadlines
    icon = "time"
    list_display = ["department", "accept_days", "answer_days", "enquiry_days", "help_days", "complaint_days",
                    "suggestion_days"]


class Open311ClientViewSet(SnippetViewSet):
    model = Open311Client
    icon = "key"
    list_display = ["name", "api_key", "is_active", "created_at"]


class DemandSettingsGroup(SnippetViewSetGroup):
    items = (CalendarDayViewSet, DepartmentDeadlinesViewSet, Open311ClientViewSet)
    menu_icon = "cogs"
    menu_label = _("Demand settings")
    menu_name = "demand-settings"
    menu_order = 270


register_snippet(DemandSettingsGroup)


@hooks.register(MODERATION_COMMENT_ACTIONS)
def forward_comment_as_demand(comment, request):
    if not perms.can(request.user, "forward_comment"):
        return []
    return [(_("Forward as demand"), reverse("demands_admin:from_comment", args=[comment.pk]))]


@hooks.register(HOME_PANELS)
def latest_answers_panel(request):
    from .panels import home_panel

    return home_panel(request)


@hooks.register(DEPARTMENT_PANELS)
def department_scorecard_panel(department, request):
    from .panels import department_panel

    return department_panel(department, request)


@hooks.register(TOPIC_PANELS)
def topic_demands_panel(topic, request):
    from .panels import vocabulary_panel

    return vocabulary_panel(request, topic=topic)


@hooks.register(AREA_PANELS)
def area_demands_panel(area, request):
    from .panels import vocabulary_panel

    return vocabulary_panel(request, area=area)


@hooks.register(ORGANISATION_PANELS, order=10)  # after its statements
def cosigned_demands_panel(record, request):
    from .panels import cosigned_panel

    return cosigned_panel(record, request)


@hooks.register(PROFILE_PANELS)
def my_demands_panel(user, request):
    from .panels import profile_panel

    return profile_panel(user, request)


@hooks.register(ORGANISATION_PANELS)
def organisation_handler_panel(organisation, request):
    from .panels import organisation_panel

    return organisation_panel(organisation, request)


@hooks.register(NAV_ITEMS)
def demands_nav(request):
    return [(_("Demands"), reverse("demands:list"))]


@hooks.register(SEED_DEMO, order=50)
def seed_demands(command):
    from .seed import seed

    seed(command)


@hooks.register(PAGE_PANELS, order=10)  # after the comments panel (order 0): under the discussion
def story_demands_panel(page, request):
    from .panels import story_panel

    return story_panel(page, request)


@hooks.register(SEARCH_TYPES, order=30)  # after articles and policies (10), before departments (40)
def demand_search_types():
    from .search import DemandSearchType

    return [DemandSearchType()]


@hooks.register("construct_homepage_panels")
def demand_dashboard_panels(request, panels):
    """Each role's demand work first on the dashboard (dashboard.py)."""
    from .dashboard import panels_for

    panels[:0] = panels_for(request)
