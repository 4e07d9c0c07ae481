"""How consultations attach to Gongzhi: the adoption-report workspace, the policy panel, roles, search, seed."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from content.hooks import (
    COMMENT_APPROVAL_CHECKS, NAV_ITEMS, ORGANISATION_PANELS, PAGE_PANELS, ROLE_PERMISSIONS, SEARCH_TYPES, SEED_DEMO,
)
from content.roles import CHIEF_EDITORS, DEPARTMENT_STAFF, SUPERVISORS

from . import admin_views, permissions
from .models import AdoptionReport

register_permission_policy(AdoptionReport, permissions.policy)

admin_urls = (
    [
        path("", admin_views.WorkspaceIndexView.as_view(), name="index"),
        path("<int:page_id>/", admin_views.WorkspaceDetailView.as_view(), name="detail"),
        path("<int:page_id>/opinions/<int:opinion_id>/decide/", admin_views.decide, name="decide"),
        path("<int:page_id>/publish/", admin_views.publish, name="publish"),
    ],
    "consultations_admin",
)


@hooks.register("register_admin_urls")
def consultation_admin_urls():
    return [path("consultations/", include(admin_urls))]


class WorkspaceMenuItem(MenuItem):
    """Shown exactly when the workspace opens: both ask the policy for "view"."""

    def is_shown(self, request):
        return permissions.can(request.user, "view")


@hooks.register("register_admin_menu_item")
def consultation_menu_item():
    return WorkspaceMenuItem(_("Adoption reports"), reverse("consultations_admin:index"), name="adoption-reports",
                             icon_name="list-ul", order=320)


@hooks.register("register_log_actions")
def register_consultation_log_actions(actions):
    actions.register_action("gongzhi.consultations.decide", _("Decide opinion"), _("Opinion decided"))
    actions.register_action("gongzhi.consultations.publish_report", _("Publish adoption report"),
                            _("Adoption report published"))


@hooks.register(ROLE_PERMISSIONS)
def consultation_role_permissions():
    return {
        DEPARTMENT_STAFF: ["consultations.write_adoptionreport"],
        SUPERVISORS: ["consultations.oversee_adoptionreport"],
        CHIEF_EDITORS: ["consultations.view_adoptionreport"],
    }


@hooks.register(PAGE_PANELS, order=30)
def adopted_policy_panel(page, request):
    from .panels import adopted_policy_panel

    return adopted_policy_panel(page, request)


@hooks.register(PAGE_PANELS, order=-5)  # under the policy, above its rating and the residents' comments
def statements_panel(page, request):
    from .panels import statements_panel

    return statements_panel(page, request)


@hooks.register(COMMENT_APPROVAL_CHECKS)
def statement_approval_check(comment):
    from .statements import approval_refusal

    return approval_refusal(comment)


@hooks.register(ORGANISATION_PANELS)
def organisation_statements_panel(record, request):
    from .panels import organisation_statements_panel

    return organisation_statements_panel(record, request)


@hooks.register(NAV_ITEMS)
def consultations_nav(request):
    return [(_("Consultations"), reverse("consultations:index"))]


@hooks.register(SEARCH_TYPES, order=20)  # after articles and policies (10), before demands (30)
def consultation_search_types():
    from .search import ConsultationSearchType

    return [ConsultationSearchType()]


@hooks.register(SEED_DEMO, order=45)  # after policies and residents exist (comments 20, ratings 40)
def seed_consultations(command):
    from .seed import seed

    seed(command)
