"""Comment moderation (审核), reactions, reports, sensitive words and per-section settings.

The comments themselves are django-comments-xtd's ``XtdComment``, and **its own flags are the one
record of a comment's moderation state** (django-comments gives them exactly these meanings):

    pending  (待审核)   is_public=False, is_removed=False   — ``Comment.objects.in_moderation()``
    approved (已通过)   is_public=True,  is_removed=False   — what pages, feeds and insights show
    rejected (已驳回)   is_removed=True (and is_public=False) — "removed by a moderator"

Why these and not a state column of our own: every reader outside this app (insights, demands,
comments-xtd itself) already filters on ``is_public``/``is_removed``, so those flags have to be
right anyway; a second copy could only disagree with them. ``CommentModeration`` therefore holds
only what XtdComment cannot: which rule held the comment, the rejection reason the author sees,
who decided and when. ``CommentModeration.state`` is derived (``state_of``), and ``in_state``
is the same rule as a queryset filter. Only ``services`` changes the flags.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Pre-moderation: every comment waits for a moderator")
    POST = "post", _("Post-moderation: published at once unless a rule holds it")


class HoldRule(models.TextChoices):
    """Why a comment was held for review."""

    NONE = "", _("—")
    PRE_MODERATION = "pre_moderation", _("Section is pre-moderated")
    SENSITIVE_WORD = "sensitive_word", _("Sensitive word")
    TOO_MANY_LINKS = "too_many_links", _("Too many links")
    NEW_ACCOUNT = "new_account", _("New account")
    FLAGS = "flags", _("Reported by residents")
    ANONYMOUS = "anonymous", _("Anonymous comment")
    STATEMENT = "statement", _("Organisation's position statement")


class ModerationState(models.TextChoices):
    """A comment's moderation state, never stored: read from XtdComment's flags (see the module docstring)."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


def state_of(comment):
    """The ModerationState of an XtdComment (or anything with is_public and is_removed)."""
    if comment.is_removed:
        return ModerationState.REJECTED
    return ModerationState.APPROVED if comment.is_public else ModerationState.PENDING


_STATE_FILTERS = {
    ModerationState.PENDING: {"is_public": False, "is_removed": False},
    ModerationState.APPROVED: {"is_public": True, "is_removed": False},
    ModerationState.REJECTED: {"is_removed": True},
}


def in_state(state, prefix=""):
    """Q for comments in `state`, the queryset twin of state_of; `prefix` e.g. "comment__" from CommentModeration."""
    return Q(**{prefix + key: value for key, value in _STATE_FILTERS[ModerationState(state)].items()})


class CommentModeration(models.Model):
    """What moderation knows about one comment beyond its flags: the rule that held it, the decision's
    reason, who decided and when. Its state is the comment's (``state_of``)."""

    State = ModerationState

    comment = models.OneToOneField(XtdComment, on_delete=models.CASCADE, related_name="moderation")
    rule = models.CharField(_("held by rule"), max_length=20, choices=HoldRule.choices, blank=True)
    rule_detail = models.CharField(_("rule detail"), max_length=200, blank=True)
    rejection_reason = models.CharField(_("rejection reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment moderation")
        verbose_name_plural = _("comment moderation")
        # 'view' is Django's own; 'moderate' lets a user act in the queue.
        permissions = [("moderate_commentmoderation", _("Can moderate comments"))]

    def __str__(self):
        return f"{self.comment_id}: {self.get_state_display()}"

    @property
    def state(self):
        return state_of(self.comment)

    def get_state_display(self):
        return ModerationState(self.state).label


class CommentReaction(models.Model):
    """A resident's 'like' (点赞) on a comment: one per resident and comment."""

    LIKE = "like"

    comment = models.ForeignKey(XtdComment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, default=LIKE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user", "kind"], name="comment_reaction_once")
        ]


class CommentReport(models.Model):
    """A resident's report (举报) of a comment, with a reason; one per resident and comment."""

    class Reason(models.TextChoices):
        ABUSE = "abuse", _("Abusive or offensive")
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off_topic", _("Off-topic")
        PRIVATE_INFO = "private_info", _("Reveals private information")

    comment = models.ForeignKey(XtdComment, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Set when a moderator decided on the reported comment.")
    )

    class Meta:
        verbose_name = _("comment report")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="comment_report_once")]


class SensitiveWord(models.Model):
    """A word that holds a comment for review: substring match for Chinese, whole word for English."""

    word = models.CharField(_("word"), max_length=60, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("word"), FieldPanel("note")]

    class Meta:
        ordering = ["word"]
        verbose_name = _("sensitive word")
        verbose_name_plural = _("sensitive words")

    def __str__(self):
        return self.word


class SectionModeration(models.Model):
    """How comments under one section (栏目) are moderated; sections without a row use post-moderation."""

    section = models.OneToOneField(
        "content.SectionPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("section")
    )
    mode = models.CharField(_("mode"), max_length=4, choices=ModerationMode.choices, default=ModerationMode.POST)

    panels = [FieldPanel("section"), FieldPanel("mode")]

    class Meta:
        verbose_name = _("section moderation")
        verbose_name_plural = _("section moderation")

    def __str__(self):
        return f"{self.section}: {self.get_mode_display()}"


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """Site-wide comment rules, edited by moderators under Settings."""

    allow_anonymous = models.BooleanField(
        _("allow anonymous comments"), default=False,
        help_text=_("Visitors without an account may comment after confirming their email address."),
    )
    max_links = models.PositiveSmallIntegerField(
        _("links allowed"), default=2, help_text=_("A comment with more links is held for review.")
    )
    min_account_age_hours = models.PositiveSmallIntegerField(
        _("minimum account age (hours)"), default=0,
        help_text=_("Comments from younger accounts are held for review. 0 turns the rule off."),
    )
    flags_to_hold = models.PositiveSmallIntegerField(
        _("reports that hold a comment"), default=3,
        help_text=_("A published comment reported by this many different residents goes back to review."),
    )
    rate_limit_count = models.PositiveSmallIntegerField(_("comments allowed per window"), default=5)
    rate_limit_minutes = models.PositiveSmallIntegerField(_("rate limit window (minutes)"), default=10)

    panels = [
        FieldPanel("allow_anonymous"),
        FieldPanel("max_links"),
        FieldPanel("min_account_age_hours"),
        FieldPanel("flags_to_hold"),
        FieldPanel("rate_limit_count"),
        FieldPanel("rate_limit_minutes"),
    ]

    class Meta:
        verbose_name = _("comment settings")
