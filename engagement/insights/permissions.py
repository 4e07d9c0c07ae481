"""Who may see and act on insights in the admin (DESIGN.md: dashboards → chief editors, moderators, supervisors)."""


def can_view_dashboard(user):
    """Supervisors, chief editors and moderators (through the role permission) and superusers."""
    return user.is_authenticated and user.has_perm("insights.view_dashboard")


def can_acknowledge_alert(user, alert=None):
    """Supervisors (督办) acknowledge alerts with a note."""
    return user.is_authenticated and user.has_perm("insights.change_alert")
