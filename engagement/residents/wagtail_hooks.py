from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from content.hooks import MODERATION_COMMENT_ACTIONS, ROLE_PERMISSIONS, SEED_DEMO
from content.roles import CHIEF_EDITORS, MODERATORS, SUPERVISORS

from . import permissions
from .models import OrganisationVerification

register_permission_policy(OrganisationVerification, permissions.policy)


# Supervisors see the login lockouts (django-axes) and the audit, and unlock (admin_views.py).
LOCKOUT_PERMISSIONS = ["axes.view_accessattempt", "axes.delete_accessattempt", "residents.view_loginaudit"]


@hooks.register(ROLE_PERMISSIONS)
def login_security_role_permissions():
    return {SUPERVISORS: LOCKOUT_PERMISSIONS}


@hooks.register(ROLE_PERMISSIONS)
def organisation_role_permissions():
    """Moderators verify organisations (DESIGN.md: "verified badges"), Supervisors oversee, Chief editors read."""
    return {MODERATORS: permissions.ACT_PERMISSIONS, SUPERVISORS: permissions.ACT_PERMISSIONS,
            CHIEF_EDITORS: permissions.VIEW_PERMISSIONS}


@hooks.register("register_admin_urls")
def login_security_admin_urls():
    return [path("login-security/", include("engagement.residents.admin_views", namespace="residents_admin")),
            path("organisations/", include("engagement.residents.organisation_admin", namespace="organisations_admin"))]


class OrganisationsMenuItem(MenuItem):
    """Shown exactly when the screen opens: both ask the policy for "view"."""

    def is_shown(self, request):
        return permissions.can(request.user, "view")


@hooks.register("register_admin_menu_item")
def organisations_menu_item():
    return OrganisationsMenuItem(gettext_lazy("Organisation verifications"), reverse("organisations_admin:index"),
                                 name="organisation-verifications", icon_name="group", order=260)


@hooks.register(MODERATION_COMMENT_ACTIONS)
def verify_author_action(comment, request):
    """In the comment queue: open the author's verification (the one way to give or take the badge)."""
    if not comment.user_id or comment.user.is_staff or not permissions.can(request.user, "verify"):
        return []
    return [(gettext_lazy("Organisation verification"),
             f"{reverse('organisations_admin:verify')}?user={comment.user_id}")]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        from .admin_views import can_see_lockouts

        return can_see_lockouts(request.user)


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return LockoutsMenuItem(gettext_lazy("Login lockouts"), reverse("residents_admin:lockouts"), icon_name="lock",
                            order=900)


from . import rights_hooks  # noqa: E402,F401  (the privacy notice's permissions)


@hooks.register("register_log_actions")
def register_organisation_log_actions(actions):
    for action, label, message in (
        ("verify", gettext_lazy("Verify organisation"), gettext_lazy("Organisation verified")),
        ("suspend", gettext_lazy("Suspend organisation"), gettext_lazy("Organisation's verification suspended")),
        ("reinstate", gettext_lazy("Reinstate organisation"), gettext_lazy("Organisation's verification reinstated")),
        ("withdraw", gettext_lazy("Withdraw verification"), gettext_lazy("Organisation's verification withdrawn")),
    ):
        actions.register_action(f"gongzhi.organisations.{action}", label, message)


@hooks.register(SEED_DEMO, order=25)  # after the comments seed (20), which uses the demo organisation too
def seed_organisation_records(command):
    """The demo social organisation, verified by the demo moderator (engagement/residents/seed.py)."""
    from .models import OrganisationVerification
    from .seed import demo_organisation

    demo_organisation()
    command.stdout.write(f"Organisation verifications: {OrganisationVerification.objects.count()} in all")
