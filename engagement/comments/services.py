"""Comment domain layer: post, react, report, and the moderators' decisions. Views call only these.

A comment's moderation lifecycle (its state lives on XtdComment's own flags, see models.py):

    pending  ──approve──▶ approved        pending  ──reject──▶ rejected
    approved ──reject───▶ rejected        rejected ──approve─▶ approved
    approved ──reports from k residents──▶ pending

A published comment with open reports is "reported" for the moderators' purposes: still approved,
waiting for a second look (approving it again keeps it and resolves the reports). Each decision
locks the comment row (select_for_update), checks the state the moderator was looking at
(``expected``) and the states the action is allowed from (``LIFECYCLE``), then changes it.
A second moderator acting on a comment that has moved on gets ``AlreadyHandled`` and nothing
changes. ``report`` takes the same lock, so a decision and the report that would hold the comment
again cannot interleave.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_comments_xtd.models import XtdComment
from wagtail.log_actions import log
from wagtail.models import Page

from content.hooks import COMMENT_APPROVAL_CHECKS, fragments
from engagement.notifications.outbox import notify
from engagement.residents.models import profile_for, public_name

from . import permissions
from .models import (
    CommentModeration,
    CommentReaction,
    CommentReport,
    HoldRule,
    ModerationMode,
    ModerationState,
    SectionModeration,
    SensitiveWord,
    in_state,
    state_of,
)
from .text import count_links, find_sensitive_word


class CommentRefused(Exception):
    """A comment, reaction or report that may not be made; `message` says why, for the resident."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class AlreadyHandled(CommentRefused):
    """A moderator's decision on a comment whose state moved on since they looked (another moderator, or residents' reports)."""


REPORTED = "reported"  # approved, with open reports: the "flagged" tab's published comments

# The lifecycle as data: action → (states it may be taken from, state it leads to). The queue's
# buttons and the guard below both read it.
LIFECYCLE = {
    "approve": ({ModerationState.PENDING, REPORTED, ModerationState.REJECTED}, ModerationState.APPROVED),
    "reject": ({ModerationState.PENDING, REPORTED, ModerationState.APPROVED}, ModerationState.REJECTED),
}


def review_state(comment, *, has_open_reports):
    """The state a moderator decides from: the comment's state, or REPORTED for a published one with open reports."""
    state = state_of(comment)
    return REPORTED if state == ModerationState.APPROVED and has_open_reports else state


def may(action, state):
    """Whether `action` ("approve", "reject") may be taken from review state `state`."""
    return state in LIFECYCLE[action][0]


def max_thread_level():
    return settings.COMMENTS_XTD_MAX_THREAD_LEVEL


def clean_text(text):
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise CommentRefused(_("Please write something: an empty comment cannot be posted."))
    if len(text) > settings.COMMENTS_MAX_LENGTH:
        raise CommentRefused(
            _("A comment can be at most %(max)s characters (yours has %(n)s).")
            % {"max": settings.COMMENTS_MAX_LENGTH, "n": len(text)}
        )
    return text


def section_mode(page):
    """Pre- or post-moderation for the section the page sits in (post unless editors chose pre)."""
    parent_path = page.path[: -Page.steplen]
    row = SectionModeration.objects.filter(section__path=parent_path).values_list("mode", flat=True).first()
    return row or ModerationMode.POST


def hold_reason(text, user, page, comment_settings):
    """(rule, detail) that holds a new comment for review, or (None, '') when it may be published."""
    if section_mode(page) == ModerationMode.PRE:
        return HoldRule.PRE_MODERATION, ""
    word = find_sensitive_word(text, SensitiveWord.objects.values_list("word", flat=True))
    if word:
        return HoldRule.SENSITIVE_WORD, word
    links = count_links(text)
    if links > comment_settings.max_links:
        return HoldRule.TOO_MANY_LINKS, str(links)
    if user is not None and comment_settings.min_account_age_hours:
        age = timezone.now() - user.date_joined
        if age < timedelta(hours=comment_settings.min_account_age_hours):
            return HoldRule.NEW_ACCOUNT, ""
    return None, ""


def post_comment(page, text, *, user=None, parent=None, name="", email="", followup=None,
                 comment_settings, ip_address=None, submitted_at=None, hold=None):
    """Create a comment (or a reply to `parent`) on `page`, moderated by the section's rules; ``hold`` (a
    HoldRule) holds it for a moderator whatever they say (an organisation's position statement).

    Replies lock the thread's root row so that concurrent replies cannot race on comments-xtd's
    ``order`` column. Returns the XtdComment; ``comment.is_public`` says whether it is published.
    """
    text = clean_text(text)
    if parent is not None:
        if parent.level >= max_thread_level():
            raise CommentRefused(_("This conversation is as deep as it can go: reply higher up instead."))
        if parent.object_pk != str(page.pk) or not (parent.is_public and not parent.is_removed):
            raise CommentRefused(_("You can only reply to a published comment on this page."))
    rule, detail = (hold, "") if hold else hold_reason(text, user, page, comment_settings)
    if user is not None:
        profile = profile_for(user)
        if profile.is_blocked():
            raise CommentRefused(blocked_message(profile.commenting_blocked_until))
        name = public_name(user)
        email = user.email
        if followup is None:
            followup = profile.notify_replies
    with transaction.atomic():
        comment = XtdComment(
            content_type=ContentType.objects.get_for_model(page.specific_class),
            object_pk=str(page.pk),
            site_id=getattr(settings, "SITE_ID", None) or Site.objects.get_current().pk,
            user=user,
            user_name=name[:50],
            user_email=email or "",
            comment=text,
            submit_date=_parse_time(submitted_at) or timezone.now(),
            ip_address=ip_address,
            is_public=rule is None,
            followup=bool(followup),
        )
        if parent is not None:
            # Lock the thread root: comments-xtd renumbers `order` across the thread.
            XtdComment.norel_objects.select_for_update().filter(pk=parent.thread_id).values_list("pk").first()
            comment.parent_id = parent.pk
        comment.save()
        CommentModeration.objects.create(comment=comment, rule=rule or "", rule_detail=detail[:200])
    if comment.is_public and parent is not None:
        transaction.on_commit(lambda: notify_reply(comment))
    return comment


def _parse_time(value):
    if not value:
        return None
    from django.utils.dateparse import parse_datetime

    return parse_datetime(value) if isinstance(value, str) else value


def page_comment_by_submission(page, data):
    """The comment an anonymous confirmation link already created (links work once)."""
    return XtdComment.norel_objects.filter(
        object_pk=str(page.pk), user_email=data["email"], submit_date=_parse_time(data["at"])
    ).first()


def blocked_message(until):
    return _("You cannot comment until %(date)s: a moderator has blocked your account from commenting.") % {
        "date": timezone.localtime(until).strftime("%Y-%m-%d %H:%M")
    }


def notify_reply(comment):
    """Tell the parent comment's author about a published reply, if they asked for it."""
    parent = XtdComment.norel_objects.filter(pk=comment.parent_id).select_related("user").first()
    if parent is None or parent.pk == comment.pk or not parent.followup or not parent.user_email:
        return None
    if parent.user_id and parent.user_id == comment.user_id:
        return None
    page = Page.objects.filter(pk=parent.object_pk).first()
    url = (page.full_url or "") if page else ""
    body = _("%(name)s replied to your comment on “%(title)s”:\n\n%(text)s\n\n%(url)s#comment-%(id)s") % {
        "name": comment.user_name, "title": page.title if page else "", "text": comment.comment,
        "url": url, "id": comment.pk,
    }
    return notify(parent.user_email, _("New reply to your comment"), body, user=parent.user, kind="comment_reply")


def like(comment, user):
    """Like a comment once; liking again takes the like back. Returns True when it is now liked."""
    if not permissions.can_react(user, comment):
        raise CommentRefused(_("You cannot like your own comment."))
    deleted, _rows = CommentReaction.objects.filter(comment=comment, user=user, kind=CommentReaction.LIKE).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            CommentReaction.objects.create(comment=comment, user=user, kind=CommentReaction.LIKE)
    except IntegrityError:
        pass  # a double click: already liked
    return True


def report(comment, user, reason, *, comment_settings):
    """Report a comment; once `flags_to_hold` different residents reported it, it goes back to review.

    Returns True when this report sent the comment back to review.
    """
    if not permissions.can_flag(user, comment):
        raise CommentRefused(_("You cannot report your own comment."))
    if reason not in CommentReport.Reason.values:
        raise CommentRefused(_("Please choose a reason for your report."))
    with transaction.atomic():
        locked = _locked(comment)
        try:
            with transaction.atomic():
                CommentReport.objects.create(comment=comment, user=user, reason=reason)
        except IntegrityError:
            raise CommentRefused(_("You have already reported this comment.")) from None
        open_reports = CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).count()
        if open_reports >= comment_settings.flags_to_hold and state_of(locked) == ModerationState.APPROVED:
            CommentModeration.objects.update_or_create(
                comment=comment,
                defaults={"rule": HoldRule.FLAGS, "rule_detail": str(open_reports),
                          "decided_by": None, "decided_at": None},
            )
            XtdComment.norel_objects.filter(pk=comment.pk).update(is_public=False)
            comment.is_public = False
            return True
    return False


def _moderation(comment):
    moderation, _created = CommentModeration.objects.get_or_create(comment=comment)
    return moderation


def _locked(comment):
    """The comment's row, locked until the transaction ends: every change of its state goes through here."""
    return XtdComment.norel_objects.select_for_update().get(pk=comment.pk)


def _guard(action, comment, expected):
    """Lock `comment` and check `action` may be taken now, from the state the moderator saw (`expected`).

    Raises AlreadyHandled, in the moderator's language, when the comment has moved on.
    """
    locked = _locked(comment)
    has_reports = CommentReport.objects.filter(comment_id=comment.pk, resolved_at__isnull=True).exists()
    now = review_state(locked, has_open_reports=has_reports)
    # A resident's new report on a published comment is no decision: a form shown for "approved"
    # still stands when the comment has meanwhile become "reported".
    seen_matches = expected in (None, "", now) or (expected == ModerationState.APPROVED and now == REPORTED)
    if not seen_matches or not may(action, now):
        label = ModerationState(state_of(locked)).label
        raise AlreadyHandled(
            _("Already handled: this comment is now “%(state)s”; nothing was changed.") % {"state": label}
        )
    return locked


@transaction.atomic
def approve(comment, *, by, expected=None):
    """Publish a comment (held, rejected or reported): its open reports are resolved.

    `expected` is the review state the moderator was looking at ("pending", "reported", "approved",
    "rejected"); None skips that check (seeding, scripts). Raises AlreadyHandled, or CommentRefused when an
    app's approval check (``COMMENT_APPROVAL_CHECKS``) says it may not be published now.
    """
    locked = _guard("approve", comment, expected)
    if refusals := fragments(COMMENT_APPROVAL_CHECKS, locked):
        raise CommentRefused(refusals[0])
    was_public = locked.is_public
    moderation = _moderation(comment)
    moderation.rejection_reason = ""
    moderation.decided_by, moderation.decided_at = by, timezone.now()
    moderation.save()
    # update(), not save(): comments-xtd's pre_save would republish every held reply below it.
    XtdComment.norel_objects.filter(pk=comment.pk).update(is_public=True, is_removed=False)
    comment.is_public, comment.is_removed = True, False
    CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())
    log(instance=moderation, action="gongzhi.comments.approve", user=by,
        data={"comment": comment.pk, "text": comment.comment[:200]})
    if not was_public and comment.parent_id != comment.pk:
        transaction.on_commit(lambda: notify_reply(comment))
    return moderation


@transaction.atomic
def reject(comment, *, by, reason, expected=None):
    """Hide a comment (removed by a moderator); the author sees `reason` on their profile.

    `expected` as for approve(). Raises CommentRefused without a reason, AlreadyHandled when the
    comment moved on.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CommentRefused(_("Please give a reason: the author will see it."))
    _guard("reject", comment, expected)
    moderation = _moderation(comment)
    moderation.rejection_reason = reason[:300]
    moderation.decided_by, moderation.decided_at = by, timezone.now()
    moderation.save()
    XtdComment.norel_objects.filter(pk=comment.pk).update(is_public=False, is_removed=True)
    comment.is_public, comment.is_removed = False, True
    CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())
    log(instance=moderation, action="gongzhi.comments.reject", user=by,
        data={"comment": comment.pk, "reason": moderation.rejection_reason})
    return moderation


@transaction.atomic
def block_author(user, *, until, by):
    """Stop `user` from commenting until `until`."""
    if until <= timezone.now():
        raise CommentRefused(_("The end of a block must be in the future."))
    profile = profile_for(user)
    profile.commenting_blocked_until = until
    profile.save(update_fields=["commenting_blocked_until"])
    log(instance=profile, action="gongzhi.comments.block_author", user=by,
        data={"user": user.pk, "until": until.isoformat()})
    return profile


def pending_count():
    """Comments waiting in the queue's "pending" tab."""
    return CommentModeration.objects.filter(in_state(ModerationState.PENDING, "comment__")).count()


def reply_url(comment):
    return reverse("comments:reply", args=[comment.pk])
