"""Who may see and act on insights in the admin (DESIGN.md: dashboards → chief editors, moderators, supervisors).

Early warnings (预警 → 处置): Moderators and Supervisors assign an alert to a department
(insights.assign_alert); that department's staff see it and dispose of it (insights.dispose_alert +
its group), never another department's.
"""

from content.roles import departments_of


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def can_view_dashboard(user):
    """Supervisors, chief editors and moderators (through the role permission) and superusers."""
    return user.is_authenticated and user.has_perm("insights.view_dashboard")


def can_acknowledge_alert(user, alert=None):
    """Supervisors (督办) acknowledge alerts with a note."""
    return user.is_authenticated and user.has_perm("insights.change_alert")


def can_assign_alert(user, alert=None):
    """Moderators and Supervisors give an alert to a department, with a deadline."""
    return _active(user) and user.has_perm("insights.assign_alert")


def alert_department_ids(user):
    """The departments whose assigned alerts ``user`` may see and dispose of (their own), once per user object."""
    if not (_active(user) and user.has_perm("insights.dispose_alert")):
        return []
    if not hasattr(user, "_gongzhi_alert_department_ids"):
        user._gongzhi_alert_department_ids = [d.pk for d in departments_of(user)]
    return user._gongzhi_alert_department_ids


def can_dispose_alert(user, alert):
    """Staff of the department the alert is assigned to close it with a disposal note."""
    return alert.department_id is not None and alert.department_id in alert_department_ids(user)


def can_use_alert_desk(user):
    """The early-warning desk in the admin: those who assign, and department staff (their own alerts)."""
    return can_assign_alert(user) or bool(alert_department_ids(user))
