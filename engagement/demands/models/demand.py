"""The demand (诉求) itself: its states, its queryset (who may read what) and its lifecycle facts.

The lifecycle (DESIGN.md) lives in transitions.py as methods of Demand; deadlines in
deadlines.py; who may do what in permissions.py. Contact details sit in DemandContact
(records.py), a separate row, so a Demand can be serialised, indexed or listed without them.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from ..handover import HandoverTransitions
from ..transitions import DemandTransitions

MAX_DESCRIPTION = 5000


class Status(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("demand status", "Submitted")
    FORWARDED = "forwarded", pgettext_lazy("demand status", "Forwarded")
    ACCEPTED = "accepted", pgettext_lazy("demand status", "Accepted")
    ANSWERED = "answered", pgettext_lazy("demand status", "Answered")
    CLOSED = "closed", pgettext_lazy("demand status", "Closed")
    REJECTED = "rejected", pgettext_lazy("demand status", "Rejected")
    MERGED = "merged", pgettext_lazy("demand status", "Merged")


OPEN_STATUSES = (Status.SUBMITTED, Status.FORWARDED, Status.ACCEPTED)
PUBLICLY_HIDDEN_STATUSES = (Status.MERGED, Status.REJECTED)

# The one rule for what the public may read of a demand (title, text, photos, answers, attachments):
# its author made it public, and it was neither rejected nor merged away. Every outlet (pages, lists,
# Open311, search, feeds, insights, open data, media) goes through DemandQuerySet.publicly_readable()
# or readable_by(); permissions.can_read_full() asks the same queryset.
PUBLICLY_READABLE = Q(is_public=True) & ~Q(status__in=PUBLICLY_HIDDEN_STATUSES)


def overdue_condition(now=None):
    """Overdue is derived, never stored: the accept or answer deadline has passed while the step is open."""
    now = now or timezone.now()
    return Q(status=Status.FORWARDED, accept_due_at__lt=now) | Q(status=Status.ACCEPTED, answer_due_at__lt=now)


def due_soon_condition(now=None):
    """Due within one working day: the open step's deadline falls between now and the close of office on the
    next working day (not yet overdue)."""
    from ..deadlines import add_working_days

    now = now or timezone.now()
    limit = add_working_days(now, 1)
    return (Q(status=Status.FORWARDED, accept_due_at__gte=now, accept_due_at__lte=limit)
            | Q(status=Status.ACCEPTED, answer_due_at__gte=now, answer_due_at__lte=limit))


# Reopened after a dissatisfied (不满意) rating: back with the department for its follow-up round.
REOPENED = Q(status=Status.ACCEPTED, round__gt=1)


class Kind(models.TextChoices):
    ENQUIRY = "enquiry", _("Enquiry")
    HELP = "help", _("Request for help")
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")


class Channel(models.TextChoices):
    WEB = "web", _("Website form")
    COMMENT = "comment", _("Forwarded comment")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    OPEN311 = "open311", _("Open311 API")


from content.choices import Satisfaction  # noqa: E402,F401  (one scale for demands and policy ratings)


class TrackingCounter(models.Model):
    """One row per year; its `last` is bumped with an UPDATE so two submissions never share a number."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    @classmethod
    def next_number(cls, year):
        """Allocate the next GZ-YYYY-NNNNNN inside the caller's transaction (the UPDATE takes the row lock)."""
        with transaction.atomic():
            cls.objects.get_or_create(year=year)
            cls.objects.filter(year=year).update(last=F("last") + 1)
            last = cls.objects.values_list("last", flat=True).get(year=year)
        return f"GZ-{year}-{last:06d}"


class DemandQuerySet(models.QuerySet):
    def publicly_readable(self):
        """Demands anyone may read in full: public, neither rejected nor merged away."""
        return self.filter(PUBLICLY_READABLE)

    def readable_by(self, user):
        """Demands ``user`` may read in full: the public ones, their own, and what their role opens."""
        from ..permissions import readable_condition

        return self.filter(readable_condition(user))

    def overdue(self, now=None):
        return self.filter(overdue_condition(now))

    def for_department(self, department):
        return self.filter(department=department)

    def with_support_count(self):
        return self.annotate(support_count=models.Count("supports", distinct=True))


class Demand(DemandTransitions, HandoverTransitions, index.Indexed, models.Model):
    """A resident's demand (诉求) followed by its tracking number from submission to closing."""

    Status = Status
    Kind = Kind
    Channel = Channel

    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=MAX_DESCRIPTION)
    topic = models.ForeignKey("content.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, related_name="demands")
    area = models.ForeignKey(
        "content.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="demands"
    )
    department = models.ForeignKey(
        "content.Department", verbose_name=_("department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="demands",
    )
    # 交办: the department handed the demand to a verified mediation organisation (调解组织), which answers it
    # in public; the department stays responsible and the deadlines keep running (handover.py).
    handler = models.ForeignKey(
        "residents.OrganisationVerification", verbose_name=_("handled by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="handled_demands", editable=False,
    )
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, editable=False)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.ENQUIRY)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("A private demand shows only its existence and status to the public.")
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="demands",
    )
    comment_id = models.PositiveBigIntegerField(_("forwarded comment"), null=True, blank=True, editable=False)
    open311_client = models.ForeignKey(
        "demands.Open311Client", null=True, blank=True, on_delete=models.SET_NULL, related_name="demands", editable=False
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="merged_demands", editable=False,
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1, editable=False,
                                             help_text=_("2 after a dissatisfied rating reopened it."))
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    accept_due_at = models.DateTimeField(_("accept by"), null=True, blank=True, editable=False)
    answer_due_at = models.DateTimeField(_("answer by"), null=True, blank=True, editable=False)
    # Facts of the first round, recorded when they happen: the public record and the statistics
    # (statistics.py) read them, so a follow-up round never rewrites what was measured.
    first_accepted_at = models.DateTimeField(_("first accepted"), null=True, blank=True, editable=False)
    accepted_on_time = models.BooleanField(_("accepted on time"), null=True, editable=False)
    first_answer_due_at = models.DateTimeField(_("first answer due"), null=True, blank=True, editable=False)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True, editable=False)
    first_answered_on_time = models.BooleanField(_("answered on time"), null=True, editable=False)
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0, editable=False)
    # GeoReport v2's media_url: a link to the client's photo, kept as the link (never fetched: no request
    # to a host a client names) and given back as the request's media_url when it has no photo of ours.
    media_url = models.URLField(_("media link"), max_length=500, blank=True, editable=False)

    objects = DemandQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.RelatedFields("answers", [index.SearchField("text")]),
        index.FilterField("topic"),
        index.FilterField("department"),
        index.FilterField("area"),
        index.FilterField("status"),
        index.FilterField("submitted_at"),
        index.FilterField("is_public"),
    ]

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        indexes = [
            models.Index(fields=["status", "department"]),
            models.Index(fields=["is_public", "status", "submitted_at"]),
            # An article's demands are those forwarded from its comments (engagement/demands/panels.py): few
            # demands have a comment, so the index holds only those (without it, every article view read
            # the whole table).
            models.Index(fields=["comment_id"], name="demand_forwarded_comment",
                         condition=models.Q(comment_id__isnull=False)),
        ]
        permissions = [
            ("triage_demand", _("Can triage demands: forward, reject, merge, correct the type")),
            ("work_demand", _("Can work the own department's demands: accept, return, answer")),
            ("supervise_demand", _("Can supervise demands: extensions, all departments")),
            ("view_demand_contact", _("Can see a demand's contact details where the role allows")),
            ("export_demand", _("Can export demands as CSV")),
            ("export_demand_contact", _("Can export demands with contact details")),
        ]

    def __str__(self):
        return f"{self.tracking_number} {self.title}"

    def save(self, *args, **kwargs):
        if not self.tracking_number:
            year = timezone.localtime(self.submitted_at or timezone.now()).year
            self.tracking_number = TrackingCounter.next_number(year)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("demands:detail", kwargs={"tracking_number": self.tracking_number})

    @classmethod
    def get_indexed_objects(cls):
        """Only what the public may read goes into the search index (never contact details)."""
        return cls.objects.publicly_readable()

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue(self, now=None):
        now = now or timezone.now()
        if self.status == Status.FORWARDED and self.accept_due_at:
            return self.accept_due_at < now
        if self.status == Status.ACCEPTED and self.answer_due_at:
            return self.answer_due_at < now
        return False

    @property
    def overdue(self):
        return self.is_overdue()

    @property
    def current_due_at(self):
        """The deadline of the step now open: accepting (forwarded) or answering (accepted); else None."""
        if self.status == Status.FORWARDED:
            return self.accept_due_at
        if self.status == Status.ACCEPTED:
            return self.answer_due_at
        return None

    @property
    def is_reopened(self):
        """Back with the department after the resident was dissatisfied (不满意) with the answer."""
        return self.status == Status.ACCEPTED and self.round > 1


