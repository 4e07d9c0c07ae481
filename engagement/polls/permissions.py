"""Who may do what with polls: one function per act, used by views, buttons and tests."""


def can_export_poll(user, poll=None):
    """Editors and chief editors export aggregates (never identities)."""
    return bool(user and user.is_authenticated and user.has_perm("polls.export_poll"))


def can_close_poll(user, poll=None):
    return bool(user and user.is_authenticated and user.has_perm("polls.change_poll"))
