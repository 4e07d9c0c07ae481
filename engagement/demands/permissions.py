"""Who may do what with a demand: one permission policy (Wagtail's), asked by views, templates and tests.

    perms.can(user, "forward", demand)      # an act on one demand (an instance permission)
    perms.can(user, "triage")               # an area of the admin (a model permission)
    policy.instances_user_has_permission_for(user, "view_in_workspace")   # the demands a list may show

When an act is allowed on a demand is the lifecycle's business (transitions.LIFECYCLE: action → allowed
states → target); who may take it is decided here, by the step's actor. Deny by default.

| actor / area | who |
| triage: forward, reject, merge, change kind | Moderators (demands.triage_demand) |
| department: accept, return, answer, ask extension | staff of the demand's department (demands.work_demand + its group) |
| supervisor: decide extensions; calendar, deadlines, all departments | Supervisors (demands.supervise_demand) |
| author: rate | the demand's resident; merged author: rate_merged (can_rate_merged) |
| handler: answer_handed; area handle, scope view_handled | the mediation organisation a demand is handed to, acting now |
| view_contact | the author; Moderators while in triage; own department; Supervisors (audited) |
| export, export_contact | demands.export_demand; with contact details also demands.export_demand_contact |
| read | readable_condition(): the one rule for reading a demand in full |

A staff member of two departments works both: every check takes all their departments (departments_of).
"""

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from content.roles import departments_of

from .models import PUBLICLY_READABLE, Demand, Status
from .transitions import LIFECYCLE, allows


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def _perm(user, codename):
    return _active(user) and user.has_perm(f"demands.{codename}")


def user_department_ids(user):
    """The ids of the departments the user works for, computed once per user object."""
    if not _active(user):
        return []
    if not hasattr(user, "_gongzhi_department_ids"):
        user._gongzhi_department_ids = [d.pk for d in departments_of(user)]
    return user._gongzhi_department_ids


def is_moderator(user):
    return _perm(user, "triage_demand")


def is_supervisor(user):
    return _perm(user, "supervise_demand")


def is_department_staff(user):
    return _perm(user, "work_demand") and bool(user_department_ids(user))


def handling_organisation(user):
    """The mediation organisation ``user`` acts for now (verification in force), or None; once per user object."""
    if not _active(user):
        return None
    if not hasattr(user, "_gongzhi_handling_organisation"):
        from engagement.residents.organisations import acting_organisation

        from .handover import refusal_to_handle

        record = acting_organisation(user)
        user._gongzhi_handling_organisation = record if record and not refusal_to_handle(record) else None
    return user._gongzhi_handling_organisation


def _handler(user, demand):
    organisation = handling_organisation(user)
    return organisation is not None and demand is not None and demand.handler_id == organisation.pk


def _own_department(user, demand):
    return demand.department_id is not None and demand.department_id in user_department_ids(user)


# Model-level areas: action → who.
AREAS = {
    "triage": is_moderator,
    "forward_comment": is_moderator,
    "enter": lambda user: _perm(user, "add_demand"),
    "use_workspace": lambda user: is_department_staff(user) or is_supervisor(user),
    "supervise": is_supervisor,
    "manage_deadlines": is_supervisor,
    "export": lambda user: _perm(user, "export_demand"),
    "export_contact": lambda user: _perm(user, "export_demand") and _perm(user, "export_demand_contact"),
    "handle": lambda user: handling_organisation(user) is not None,
}

# The lifecycle's actors: may ``user`` act as ``actor`` on ``demand``?
ACTORS = {
    "triage": lambda user, demand: is_moderator(user),
    "department": lambda user, demand: _perm(user, "work_demand") and _own_department(user, demand),
    "supervisor": lambda user, demand: is_supervisor(user),
    "author": lambda user, demand: _active(user) and demand.author_id == user.pk,
    "merged author": lambda user, demand: _active(user) and demand.author_id == user.pk,
    "handler": _handler,
    "system": lambda user, demand: False,
}


def _view_contact(user, demand):
    """The author, Moderators while the demand is in triage, its department's staff, Supervisors."""
    if not _active(user):
        return False
    if demand.author_id and demand.author_id == user.pk:
        return True
    if not _perm(user, "view_demand_contact"):
        return False
    if is_supervisor(user):
        return True
    if is_moderator(user) and demand.status == Status.SUBMITTED:
        return True
    return is_department_staff(user) and _own_department(user, demand)


def _scope(user, action):
    """The demands ``user`` may take ``action`` on, as a Q (None: none at all)."""
    if action == "read":
        return readable_condition(user)
    if action == "view_in_triage":
        return Q(status=Status.SUBMITTED) if is_moderator(user) else None
    if action == "view_in_workspace":
        if is_supervisor(user):
            return Q(department__isnull=False)
        return Q(department_id__in=user_department_ids(user)) if is_department_staff(user) else None
    if action == "view_handled":
        organisation = handling_organisation(user)
        return Q(handler_id=organisation.pk) if organisation else None
    step = LIFECYCLE.get(action)
    if step is None:
        return None
    states = Q(status__in=step.sources)
    if step.handed is not None:
        states &= Q(handler__isnull=not step.handed)
    if step.actor == "handler":
        organisation = handling_organisation(user)
        return states & Q(handler_id=organisation.pk) if organisation else None
    if step.actor == "department":
        return states & Q(department_id__in=user_department_ids(user)) if _perm(user, "work_demand") else None
    if step.actor in ("author", "merged author"):
        return states & Q(author_id=user.pk) if _active(user) else None
    if step.actor == "system":
        return None
    return states if ACTORS[step.actor](user, None) else None


class DemandPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's permission policy for demands, with the department scoping inside."""

    def user_has_permission(self, user, action):
        if action in AREAS:
            return AREAS[action](user)
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "read":
            return Demand.objects.filter(readable_condition(user), pk=instance.pk).exists()
        if action == "view_contact":
            return _view_contact(user, instance)
        if action == "view_in_triage":
            return is_moderator(user) and instance.status == Status.SUBMITTED
        if action == "view_in_workspace":
            return is_supervisor(user) or (is_department_staff(user) and _own_department(user, instance))
        if action == "view_handled":
            return _handler(user, instance)
        step = LIFECYCLE.get(action)
        if step is None:
            return False
        return ACTORS[step.actor](user, instance) and allows(action, instance.status, bool(instance.handler_id))

    def instances_user_has_permission_for(self, user, action):
        scope = _scope(user, action)
        return Demand.objects.none() if scope is None else Demand.objects.filter(scope)


policy = DemandPermissionPolicy(Demand)


def can(user, action, demand=None):
    """The one question every caller asks: may ``user`` do ``action`` (to ``demand``)?"""
    if demand is None:
        return policy.user_has_permission(user, action)
    return policy.user_has_permission_for_instance(user, action, demand)


def can_view_contact(user, demand):
    return can(user, "view_contact", demand)


# --- public side ---------------------------------------------------------------------------------------
def readable_condition(user):
    """The one rule for who may read a demand in full (title, text, photos, answers, attachments), as a Q.

    Everyone: public demands that were neither rejected nor merged (models.PUBLICLY_READABLE).
    Besides: the author their own; Moderators what waits in triage; a department's staff its demands;
    Supervisors all. Demand.objects.readable_by(user) and can_read_full() are this condition.
    """
    if not (user and user.is_authenticated and user.is_active):
        return PUBLICLY_READABLE
    if is_supervisor(user):
        return Q()
    condition = PUBLICLY_READABLE | Q(author_id=user.pk)
    if is_moderator(user):
        condition |= Q(status=Status.SUBMITTED)
    if is_department_staff(user):
        condition |= Q(department_id__in=user_department_ids(user))
    return condition


def can_read_full(user, demand):
    """May ``user`` read this demand in full? The same condition as Demand.objects.readable_by(user)."""
    return can(user, "read", demand)


def can_rate(user, demand):
    return can(user, "rate", demand)


def can_rate_merged(user, survivor):
    """A resident whose own demand was merged into ``survivor`` may rate its answer, once: returns that merged
    demand (the rating is stored on it), else None. The survivor must be answered or closed; its own author
    rates through can_rate()."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    if survivor.status not in (Status.ANSWERED, Status.CLOSED) or survivor.author_id == user.pk:
        return None
    return (Demand.objects.filter(merged_into=survivor, status=Status.MERGED, author_id=user.pk, ratings__isnull=True)
            .order_by("submitted_at", "pk").first())


def can_support(user, demand):
    """附议: logged-in people other than the author and the organisation handling it (交办: it answers, it does
    not take sides), on a public open or answered demand."""
    return bool(
        user and user.is_authenticated and demand.is_public and demand.author_id != user.pk
        and demand.status in (Status.SUBMITTED, Status.FORWARDED, Status.ACCEPTED, Status.ANSWERED)
        and not (demand.handler_id and _handler(user, demand))
    )


ROLE_PERMISSIONS = {
    "Moderators": ["demands.triage_demand", "demands.view_demand_contact", "demands.add_demand", "demands.view_demand"],
    "Department staff": ["demands.work_demand", "demands.view_demand_contact", "demands.view_demand"],
    "Supervisors": [
        "demands.supervise_demand", "demands.view_demand_contact", "demands.view_demand",
        "demands.export_demand", "demands.export_demand_contact",
        "demands.add_calendarday", "demands.change_calendarday", "demands.delete_calendarday",
        "demands.view_calendarday",
        "demands.add_departmentdeadlines", "demands.change_departmentdeadlines",
        "demands.delete_departmentdeadlines", "demands.view_departmentdeadlines",
        "demands.view_extensionrequest", "demands.change_extensionrequest",
        "demands.add_open311client", "demands.change_open311client", "demands.view_open311client",
        "demands.delete_open311client",
    ],
}
