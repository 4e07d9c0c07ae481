"""Who may do what with comments: one can_<act>() per action, used by views, templates and tests."""

from django.utils import timezone


def can_view_queue(user):
    """Moderators and chief editors see the moderation queue."""
    return user.is_authenticated and (
        user.has_perm("comments.view_commentmoderation") or user.has_perm("comments.moderate_commentmoderation")
    )


def can_moderate(user):
    """Only moderators act in the queue (approve, reject, block, verify)."""
    return user.is_authenticated and user.has_perm("comments.moderate_commentmoderation")


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
    return user.is_authenticated and comment.user_id != user.pk


def can_flag(user, comment):
    return user.is_authenticated and comment.user_id != user.pk
