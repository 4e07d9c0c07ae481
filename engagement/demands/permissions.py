"""Who may do what with a demand: one `can_<act>(user, demand)` per action (DESIGN.md's table).

Views, templates (via the `demand_perms` tag) and tests all ask these functions; nothing else
decides. Deny by default. Model permissions (given to roles through `gongzhi_role_permissions`)
say which role; the department check says which demands.

| action | who |
| forward / reject / merge / change kind | Moderators (demands.triage_demand), demand submitted (kind: while open) |
| accept / return / answer / ask extension | staff of the demand's department (demands.work_demand) |
| decide extension, working-day calendar, deadlines, all departments | Supervisors (demands.supervise_demand) |
| see contact details | the author; Moderators while in triage; own department; Supervisors (audited) |
| export CSV | demands.export_demand; with contact details also demands.export_demand_contact |
| rate an answer | its author (can_rate); residents whose demand was merged into it (can_rate_merged) |
"""

from django.db.models import Q

from content.roles import department_of

from .models import PUBLICLY_READABLE, Demand, Status


def _perm(user, codename):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(f"demands.{codename}"))


def user_department(user):
    """The user's department, computed once per user object."""
    if not (user and user.is_authenticated):
        return None
    if not hasattr(user, "_gongzhi_department"):
        user._gongzhi_department = department_of(user)
    return user._gongzhi_department


def is_moderator(user):
    return _perm(user, "triage_demand")


def is_supervisor(user):
    return _perm(user, "supervise_demand")


def is_department_staff(user):
    return _perm(user, "work_demand") and user_department(user) is not None


def _own_department(user, demand):
    dept = user_department(user)
    return dept is not None and demand.department_id is not None and demand.department_id == dept.pk


# --- admin areas ---------------------------------------------------------------------------------
def can_use_triage(user):
    return is_moderator(user)


def can_use_workspace(user):
    return is_department_staff(user) or is_supervisor(user)


def can_enter_demand(user):
    """Staff entry of phone / in-person demands."""
    return _perm(user, "add_demand")


def can_forward_comment(user):
    return is_moderator(user)


# --- triage ----------------------------------------------------------------------------------------
def can_view_in_triage(user, demand):
    return is_moderator(user) and demand.status == Status.SUBMITTED


def can_forward(user, demand):
    return is_moderator(user) and demand.status == Status.SUBMITTED


def can_reject(user, demand):
    return is_moderator(user) and demand.status == Status.SUBMITTED


def can_merge(user, demand):
    return is_moderator(user) and demand.status == Status.SUBMITTED


def can_change_kind(user, demand):
    return is_moderator(user) and demand.status in (Status.SUBMITTED, Status.FORWARDED, Status.ACCEPTED)


# --- department workspace -------------------------------------------------------------------------
def can_view_in_workspace(user, demand):
    """Open the demand in the admin workspace: own department's staff, or any Supervisor."""
    if is_supervisor(user):
        return True
    return is_department_staff(user) and _own_department(user, demand)


def can_accept(user, demand):
    return is_department_staff(user) and _own_department(user, demand) and demand.status == Status.FORWARDED


def can_return(user, demand):
    return is_department_staff(user) and _own_department(user, demand) and demand.status == Status.FORWARDED


def can_answer(user, demand):
    return is_department_staff(user) and _own_department(user, demand) and demand.status == Status.ACCEPTED


def can_request_extension(user, demand):
    return is_department_staff(user) and _own_department(user, demand) and demand.status == Status.ACCEPTED


def can_decide_extension(user, demand):
    return is_supervisor(user)


def can_manage_deadlines(user):
    return is_supervisor(user)


def can_export(user):
    return _perm(user, "export_demand")


def can_export_contact(user):
    return can_export(user) and _perm(user, "export_demand_contact")


# --- contact details --------------------------------------------------------------------------------
def can_view_contact(user, demand):
    """The author, Moderators while the demand is in triage, its department's staff, Supervisors."""
    if not (user and user.is_authenticated):
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
        condition |= Q(department_id=user_department(user).pk)
    return condition


def can_read_full(user, demand):
    """May ``user`` read this demand in full? The same condition as Demand.objects.readable_by(user)."""
    return Demand.objects.readable_by(user).filter(pk=demand.pk).exists()


def can_rate(user, demand):
    return bool(
        user and user.is_authenticated and demand.author_id == user.pk and demand.status == Status.ANSWERED
    )


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
    """附议: logged-in people other than the author, on a public open or answered demand."""
    return bool(
        user and user.is_authenticated and demand.is_public and demand.author_id != user.pk
        and demand.status in (Status.SUBMITTED, Status.FORWARDED, Status.ACCEPTED, Status.ANSWERED)
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
