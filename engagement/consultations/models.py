"""Policy consultations (征求意见): a draft policy in numbered sections (条款), residents' opinions on it,
their support or opposition per section, and the issuing department's adoption report (采纳情况).

An opinion *is* a comment: django-comments-xtd's ``XtdComment`` on the consultation page, posted through
``engagement.comments.services.post_comment``, so it follows the section's (栏目) moderation mode, the hold
rules and the moderation queue like every other comment; its flags are its moderation state. ``Opinion``
holds what a comment cannot: the section it is about, whether it proposes a new wording, and the
department's decision on it (outcome and reason).

The stage of a consultation is derived, never stored (``ConsultationPage.stage``):

    upcoming ──opens_on──▶ open ──after closes_on──▶ closed ──publish_report──▶ reported
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from django_comments_xtd.models import XtdComment
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content.models import Department


class Stage(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open for opinions")
    CLOSED = "closed", _("Closed: adoption report pending")
    REPORTED = "reported", _("Adoption report published")


class Outcome(models.TextChoices):
    """What the issuing department decided about one opinion."""

    OPEN = "", _("Not decided yet")
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


DECIDED_OUTCOMES = (Outcome.ADOPTED, Outcome.PARTLY, Outcome.NOT_ADOPTED)


class ConsultationPage(RoutablePageMixin, Page):
    """A draft policy put out for public opinion (征求意见稿), with its sections and dates."""

    summary = models.TextField(_("summary"), max_length=600,
                               help_text=_("What the draft sets out to do, in two or three sentences."))
    issuing_department = models.ForeignKey(
        Department, verbose_name=_("issuing department"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The department that drafted the policy; its staff write the adoption report."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), help_text=_("The last day on which opinions are accepted."))
    background = RichTextField(_("background"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    adopted_policy = models.ForeignKey(
        "content.PolicyPage", verbose_name=_("adopted policy"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The policy explainer of the policy as adopted: it links back here."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("issuing_department"), FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")])],
            heading=_("The consultation"),
        ),
        FieldPanel("background"),
        InlinePanel("sections", label=_("Sections (条款)"), min_num=1),
        PageChooserPanel("adopted_policy", ["content.PolicyPage"]),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("background"),
        index.FilterField("issuing_department"),
        index.FilterField("first_published_at"),
        index.RelatedFields("sections", [index.SearchField("heading"), index.SearchField("body")]),
        index.RelatedFields("issuing_department", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("summary"),
        APIField("issuing_department"),
        APIField("opens_on"),
        APIField("closes_on"),
        APIField("background"),
        APIField("stage"),
        APIField("sections"),
        APIField("adopted_policy"),
    ]
    parent_page_types = ["content.SectionPage"]
    subpage_types = []
    template = "consultations/consultation_page.html"

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A consultation cannot close before it opens.")})

    def stage_on(self, today=None, *, reported=None):
        """The Stage on ``today`` (local date). ``reported`` may be given when the caller already knows
        whether the adoption report is out (listings), to save a query."""
        if reported is None:
            reported = AdoptionReport.objects.filter(consultation_id=self.pk).exists()
        if reported:
            return Stage.REPORTED
        today = today or timezone.localdate()
        if today < self.opens_on:
            return Stage.UPCOMING
        return Stage.OPEN if today <= self.closes_on else Stage.CLOSED

    @property
    def stage(self):
        return self.stage_on()

    @property
    def display_date(self):
        return self.first_published_at or self.latest_revision_created_at

    def get_context(self, request, *args, **kwargs):
        from .selectors import consultation_context

        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_context(self, request))
        return context

    @path("report/", name="report")
    def report_view(self, request):
        """The adoption report (采纳情况); a 404 until the department has published it."""
        from .selectors import report_context

        context = report_context(self, request)
        if context is None:
            from django.http import Http404

            raise Http404
        return self.render(request, context_overrides=context, template="consultations/report_page.html")

    def report_url(self, request=None):
        return self.url + self.reverse_subpage("report")


class ConsultationSection(Orderable):
    """One numbered section (条款) of the draft; its number is its place in the draft (selectors.numbered)."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    body = models.TextField(_("text of the section"))

    panels = [FieldPanel("heading"), FieldPanel("body")]
    api_fields = [APIField("heading"), APIField("body")]

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("consultation", "section")
        verbose_name_plural = pgettext_lazy("consultation", "sections")

    def __str__(self):
        return self.heading or self.body[:40]


class Opinion(models.Model):
    """A resident's or organisation's opinion (意见) on one section or on the whole draft: a moderated comment,
    plus the department's decision on it."""

    comment = models.OneToOneField(XtdComment, on_delete=models.CASCADE, related_name="consultation_opinion")
    consultation = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="opinions")
    section = models.ForeignKey(
        ConsultationSection, verbose_name=pgettext_lazy("consultation", "section"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="opinions", help_text=_("Empty: an opinion on the draft as a whole."),
    )
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True, default=Outcome.OPEN)
    outcome_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        indexes = [models.Index(fields=["consultation", "section"], name="opinion_consultation_section")]

    def __str__(self):
        return f"{self.consultation_id}/{self.section_id or '-'}: {self.comment_id}"


class SectionStance(models.Model):
    """A resident's support (赞成) or opposition (反对) to one section: one per resident and section."""

    class Stance(models.TextChoices):
        SUPPORT = "support", _("Support")
        OPPOSE = "oppose", _("Oppose")

    section = models.ForeignKey(ConsultationSection, on_delete=models.CASCADE, related_name="stances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stance = models.CharField(_("stance"), max_length=8, choices=Stance.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["section", "user"], name="section_stance_once")]


class AdoptionReport(models.Model):
    """The issuing department's published adoption report (采纳情况): exists only once published."""

    consultation = models.OneToOneField(ConsultationPage, on_delete=models.CASCADE, related_name="adoption_report")
    summary = models.TextField(_("summary of the report"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("published by"))

    class Meta:
        verbose_name = _("adoption report")
        verbose_name_plural = _("adoption reports")
        permissions = [
            ("write_adoptionreport", _("Can decide opinions and publish adoption reports of own department")),
            ("oversee_adoptionreport", _("Can decide opinions and publish adoption reports of every department")),
        ]

    def __str__(self):
        return str(self.consultation_id)


class PositionStatement(models.Model):
    """A verified social organisation's position statement (立场声明) on a policy or a consultation.

    Like an opinion it *is* a comment on the page, so the moderation queue, blocks and rate limits apply; it is
    always held until a moderator approves it (``HoldRule.STATEMENT``) and is listed on its own, under the
    organisation's name, not in the page's comment threads (``comments.selectors.discussion``).
    ``statements.py`` makes and reads them.
    """

    comment = models.OneToOneField(XtdComment, on_delete=models.CASCADE, related_name="position_statement")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("policy or consultation"))
    organisation = models.ForeignKey("residents.OrganisationVerification", on_delete=models.CASCADE,
                                     related_name="statements", verbose_name=_("organisation"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("position statement")
        verbose_name_plural = _("position statements")
        indexes = [models.Index(fields=["page", "created_at"], name="statement_page_created")]

    def __str__(self):
        return f"{self.organisation_id} → {self.page_id}"
