"""Polls (投票): a question with 2–10 choices, open for a window of time, one ballot per voter.

The one-vote rule lives in the database: a Ballot is unique per (poll, user) and per
(poll, browser_token), so two requests racing each other cannot both win.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable

MIN_CHOICES = 2
MAX_CHOICES = 10


class PollForm(WagtailAdminModelForm):
    """The editor's form: counts the choices that will remain after saving (2–10)."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("choices")
        if formset is not None:
            formset.is_valid()  # fills each form's cleaned_data (ClusterForm validates formsets after clean)
            kept = sum(
                1 for form in formset.forms
                if getattr(form, "cleaned_data", None)
                and form.cleaned_data.get("text")
                and not form.cleaned_data.get("DELETE")
            )
            if not MIN_CHOICES <= kept <= MAX_CHOICES:
                self.add_error(
                    None,
                    _("A poll needs between %(min)s and %(max)s choices (it has %(count)s).")
                    % {"min": MIN_CHOICES, "max": MAX_CHOICES, "count": kept},
                )
        return cleaned_data


class Poll(ClusterableModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")

    class ResultsVisibility(models.TextChoices):
        ALWAYS = "always", _("Always")
        AFTER_VOTING = "after_voting", _("After voting")
        AFTER_CLOSING = "after_closing", _("After the poll closes")

    question = models.CharField(_("question"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"))
    results_visibility = models.CharField(
        _("results visible"), max_length=20, choices=ResultsVisibility.choices, default=ResultsVisibility.ALWAYS
    )
    allow_anonymous = models.BooleanField(
        _("allow anonymous votes"), default=False,
        help_text=_("Visitors without an account may vote: one vote per browser, and a limit per IP address."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("shown on page"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("An article or policy explainer under which this poll is shown."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    base_form_class = PollForm
    panels = [
        FieldPanel("question"),
        FieldPanel("description"),
        FieldPanel("kind"),
        InlinePanel("choices", label=_("Choices"), min_num=MIN_CHOICES, max_num=MAX_CHOICES),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]), FieldPanel("results_visibility")],
            heading=_("When"),
        ),
        FieldPanel("allow_anonymous"),
        PageChooserPanel("page", ["content.ArticlePage", "content.PolicyPage"]),
    ]

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_at"]
        permissions = [("export_poll", _("Can export poll results"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="poll_closes_after_opens"),
        ]

    def __str__(self):
        return self.question

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The poll must close after it opens.")})

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("polls:detail", args=[self.pk])

    # --- state -------------------------------------------------------------------------------
    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at

    def not_yet_open(self, now=None):
        return (now or timezone.now()) < self.opens_at

    @property
    def status_label(self):
        if self.not_yet_open():
            return _("Not yet open")
        if self.has_closed():
            return _("Closed")
        return _("Open")

    status_label.fget.short_description = _("status")

    def results_visible_to(self, has_voted, now=None):
        """Whether results may be shown to someone who has (or has not) voted."""
        if self.results_visibility == self.ResultsVisibility.ALWAYS:
            return True
        if self.results_visibility == self.ResultsVisibility.AFTER_VOTING:
            return has_voted or self.has_closed(now)
        return self.has_closed(now)

    def close(self, now=None):
        """Close the poll now (an editor's action); a poll not yet open is closed as well."""
        now = now or timezone.now()
        if self.has_closed(now):
            return
        if self.opens_at >= now:
            self.opens_at = now - timezone.timedelta(seconds=1)
        self.closes_at = now
        self.save(update_fields=["opens_at", "closes_at"])

    def cast_vote(self, choice_ids, *, user=None, browser_token=None, now=None):
        """Record one ballot; see engagement.polls.services.cast_vote."""
        from .services import cast_vote

        return cast_vote(self, choice_ids, user=user, browser_token=browser_token, now=now)


class PollChoice(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice"), max_length=200)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text


class Ballot(models.Model):
    """One voter's ballot in one poll: an account, or (anonymous polls) a browser token."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="poll_ballots"
    )
    browser_token = models.CharField(max_length=64, null=True, blank=True)
    # The voter's area when they voted (from their resident profile), for the per-area export.
    area = models.ForeignKey("content.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="one_ballot_per_account"),
            models.UniqueConstraint(fields=["poll", "browser_token"], name="one_ballot_per_browser"),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(browser_token__isnull=False),
                name="ballot_has_a_voter",
            ),
        ]


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="picks")
    choice = models.ForeignKey(PollChoice, on_delete=models.CASCADE, related_name="picks")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "choice"], name="choice_once_per_ballot")]
