"""Policy ratings on policy pages and profiles, and the editors' weekly trend report."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from content.hooks import PAGE_PANELS, PROFILE_PANELS, ROLE_PERMISSIONS, SEED_DEMO
from content.roles import CHIEF_EDITORS, EDITORS, SUPERVISORS

from .admin_views import PolicyRatingIndexView, PolicyRatingTrendView, can_view_rating_trend
from .panels import policy_rating_panel, profile_ratings_panel

admin_urls = (
    [
        path("", PolicyRatingIndexView.as_view(), name="index"),
        path("<int:page_id>/", PolicyRatingTrendView.as_view(), name="trend"),
    ],
    "ratings_admin",
)


@hooks.register("register_admin_urls")
def register_rating_admin_urls():
    return [path("policy-ratings/", include(admin_urls))]


class TrendMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_rating_trend(request.user)


@hooks.register("register_reports_menu_item")
def register_rating_trend_menu_item():
    return TrendMenuItem(_("Policy ratings"), reverse("ratings_admin:index"), icon_name="doc-full", order=700)


@hooks.register(ROLE_PERMISSIONS)
def rating_role_permissions():
    return {role: ["ratings.view_trend"] for role in (EDITORS, CHIEF_EDITORS, SUPERVISORS)}


hooks.register(PAGE_PANELS, policy_rating_panel)
hooks.register(PROFILE_PANELS, profile_ratings_panel)


@hooks.register(SEED_DEMO, order=40)
def seed_ratings(command):
    from .seed import seed_demo_ratings

    seed_demo_ratings(command)
