"""Who may verify, suspend, reinstate and withdraw social organisations: one Wagtail permission policy.

    can(user, "verify")                 # and "suspend", "reinstate", "withdraw"
    can(user, "view")                   # the verification records screen

| action                               | who                                                              |
| view                                 | Moderators, Supervisors (oversight), Chief editors (read only)    |
| verify, suspend, reinstate, withdraw | Moderators, Supervisors (residents.change_organisationverification) |

The services in ``organisations.py`` ask it as well as the admin screen, so no caller can skip it.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from .organisation_models import OrganisationVerification

ACTS = ("verify", "suspend", "reinstate", "withdraw")

VIEW_PERMISSIONS = ["residents.view_organisationverification"]
ACT_PERMISSIONS = VIEW_PERMISSIONS + ["residents.add_organisationverification",
                                      "residents.change_organisationverification"]


class OrganisationVerificationPolicy(ModelPermissionPolicy):
    """'view' reads the records; every act on one needs Django's change permission on the model."""

    def user_has_permission(self, user, action):
        if not (user and user.is_authenticated and user.is_active):
            return False
        if action in ACTS:
            return super().user_has_permission(user, "change")
        if action == "view":
            return super().user_has_permission(user, "view") or super().user_has_permission(user, "change")
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


policy = OrganisationVerificationPolicy(OrganisationVerification)


def can(user, action):
    """May ``user`` do ``action`` ("view", "verify", "suspend", "reinstate", "withdraw")?"""
    return policy.user_has_permission(user, action)
