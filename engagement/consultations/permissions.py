"""Who may decide opinions and publish a consultation's adoption report: one Wagtail permission policy.

    can(user, "report", consultation)      # decide its opinions, publish its report
    can(user, "view", consultation)        # read its workspace (opinions held in moderation included)
    policy.instances_user_has_permission_for(user, "report")   # the consultations a list may offer

| action | who |
| report | staff of the issuing department (consultations.write_adoptionreport + its group);
|        | Supervisors, every department (consultations.oversee_adoptionreport) |
| view   | whoever may report; Chief editors (consultations.view_adoptionreport) |

Department staff see only their own departments' consultations (DESIGN.md); Supervisors, who oversee
every department, and Chief editors, who answer for what is published, see all.
"""

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from content.roles import departments_of

from .models import AdoptionReport, ConsultationPage


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def _perm(user, codename):
    return _active(user) and user.has_perm(f"consultations.{codename}")


def department_ids(user):
    """The ids of the departments ``user`` works for, computed once per user object."""
    if not _active(user):
        return []
    if not hasattr(user, "_gongzhi_consultation_department_ids"):
        user._gongzhi_consultation_department_ids = [d.pk for d in departments_of(user)]
    return user._gongzhi_consultation_department_ids


def _scope(user, action):
    """The consultations ``user`` may take ``action`` on, as a Q (None: none at all)."""
    if not _active(user):
        return None
    if _perm(user, "oversee_adoptionreport"):
        return Q()  # Supervisors (and superusers): every department
    writes = _perm(user, "write_adoptionreport")
    own = Q(issuing_department_id__in=department_ids(user)) if writes and department_ids(user) else None
    if action == "report":
        return own
    if action == "view":
        if _perm(user, "view_adoptionreport"):
            return Q()
        return own
    return None


class ConsultationPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's permission policy for adoption reports, scoped to the consultation's issuing department."""

    def user_has_permission(self, user, action):
        if action in ("report", "view"):
            return _scope(user, action) is not None
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        consultation = instance.consultation if isinstance(instance, AdoptionReport) else instance
        scope = _scope(user, action)
        return scope is not None and ConsultationPage.objects.filter(scope, pk=consultation.pk).exists()

    def instances_user_has_permission_for(self, user, action):
        scope = _scope(user, action)
        return ConsultationPage.objects.none() if scope is None else ConsultationPage.objects.filter(scope)


policy = ConsultationPermissionPolicy(AdoptionReport)


def can(user, action, consultation=None):
    """May ``user`` do ``action`` ("report", "view") (to ``consultation``)?"""
    if consultation is None:
        return policy.user_has_permission(user, action)
    return policy.user_has_permission_for_instance(user, action, consultation)
