"""Who may do what with comments: one can_<act>() per action, used by views, templates and tests.

Callers use them as ``permissions.can_react(...)`` (through the module), so that the page, the
POST that follows and the tests all read the one function.
"""

from django.utils import timezone
from wagtail.permission_policies import ModelPermissionPolicy


def can_view_queue(user):
    """Moderators and chief editors see the moderation queue (anyone who may act in it may look)."""
    return user.is_authenticated and (
        user.has_perm("comments.view_commentmoderation") or user.has_perm("comments.moderate_commentmoderation")
    )


def can_moderate(user):
    """Only moderators act in the queue (approve, reject, block, verify)."""
    return user.is_authenticated and user.has_perm("comments.moderate_commentmoderation")


class ModerationQueuePolicy(ModelPermissionPolicy):
    """The queue's permission policy for Wagtail's views: 'view' is can_view_queue, 'moderate' is can_moderate,
    so the menu item (which asks can_view_queue) is shown exactly when the queue opens."""

    def user_has_permission(self, user, action):
        if action == "view":
            return can_view_queue(user)
        if action == "moderate":
            return can_moderate(user)
        return super().user_has_permission(user, action)


def comments_open(page):
    return bool(getattr(page, "comments_open", False)) and page.live


def blocked_until(user, now=None):
    """When the author's commenting block ends, or None if they may comment."""
    from engagement.residents.models import ResidentProfile

    if not user.is_authenticated:
        return None
    try:
        until = user.resident_profile.commenting_blocked_until
    except ResidentProfile.DoesNotExist:
        return None
    return until if until and until > (now or timezone.now()) else None


def can_post(user, page, comment_settings):
    """A logged-in resident who is not blocked, or anyone when anonymous comments are allowed."""
    if not comments_open(page):
        return False
    if user.is_authenticated:
        return blocked_until(user) is None
    return bool(comment_settings.allow_anonymous)


def can_react(user, comment):
    """Like (点赞) a published comment: any logged-in resident, on anyone's comment but their own."""
    return user.is_authenticated and comment.user_id != user.pk


def can_flag(user, comment):
    """Report (举报) a published comment: any logged-in resident, on anyone's comment but their own."""
    return user.is_authenticated and comment.user_id != user.pk
