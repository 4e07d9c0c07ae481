"""Demands (诉求): what residents ask of a department, its answer, rating and support (附议).

The lifecycle (DESIGN.md) lives in transitions.py as methods of Demand; deadlines in
deadlines.py; who may do what in permissions.py. Contact details sit in DemandContact,
a separate row, so a Demand can be serialised, indexed or listed without ever carrying them.
"""

import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from .transitions import DemandTransitions

MAX_DESCRIPTION = 5000
MAX_PHOTOS = 3


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


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


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
    def publicly_listed(self):
        """Public demands anyone may read: not private, not merged away, not rejected."""
        return self.filter(is_public=True).exclude(status__in=PUBLICLY_HIDDEN_STATUSES)

    def overdue(self, now=None):
        """Derived, never stored: the accept or answer deadline has passed while the step is open."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Status.FORWARDED, accept_due_at__lt=now) | Q(status=Status.ACCEPTED, answer_due_at__lt=now)
        )

    def for_department(self, department):
        return self.filter(department=department)

    def with_support_count(self):
        return self.annotate(support_count=models.Count("supports", distinct=True))


class Demand(DemandTransitions, index.Indexed, models.Model):
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
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True, editable=False)
    first_answered_on_time = models.BooleanField(null=True, editable=False)
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0, editable=False)

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
        return cls.objects.publicly_listed()

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


class DemandContact(models.Model):
    """Private contact details (联系方式): seen by the author, triage, the assigned department and supervisors."""

    demand = models.OneToOneField(Demand, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def __str__(self):
        return str(_("Contact details"))


def private_storage():
    """Residents' photos: outside MEDIA_ROOT, served only through demands:photo (permission-checked)."""
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def photo_path(instance, filename):
    return f"demands/{timezone.now():%Y/%m}/{secrets.token_hex(8)}.{filename.rsplit('.', 1)[-1]}"


class DemandPhoto(models.Model):
    """A photo re-encoded by photos.clean_photo(): JPEG/PNG/WebP, no EXIF (no GPS)."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"), upload_to=photo_path, storage=private_storage, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)

    def get_absolute_url(self):
        return reverse("demands:photo", kwargs={"tracking_number": self.demand.tracking_number, "pk": self.pk})

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")


class DemandEvent(models.Model):
    """The audit trail: every transition and every view or export of contact details."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("demand event", "Submitted")
        FORWARDED = "forwarded", pgettext_lazy("demand event", "Forwarded")
        ACCEPTED = "accepted", pgettext_lazy("demand event", "Accepted")
        RETURNED = "returned", pgettext_lazy("demand event", "Returned to triage")
        ANSWERED = "answered", pgettext_lazy("demand event", "Answered")
        RATED = "rated", pgettext_lazy("demand event", "Rated")
        REOPENED = "reopened", pgettext_lazy("demand event", "Reopened for a follow-up")
        CLOSED = "closed", pgettext_lazy("demand event", "Closed")
        AUTO_CLOSED = "auto_closed", pgettext_lazy("demand event", "Closed automatically")
        REJECTED = "rejected", pgettext_lazy("demand event", "Rejected")
        MERGED = "merged", pgettext_lazy("demand event", "Merged")
        KIND_CHANGED = "kind_changed", pgettext_lazy("demand event", "Type corrected")
        EXTENSION_REQUESTED = "extension_requested", pgettext_lazy("demand event", "Extension requested")
        EXTENSION_GRANTED = "extension_granted", pgettext_lazy("demand event", "Extension granted")
        EXTENSION_REFUSED = "extension_refused", pgettext_lazy("demand event", "Extension refused")
        CONTACT_VIEWED = "contact_viewed", pgettext_lazy("demand event", "Contact details viewed")
        CONTACT_EXPORTED = "contact_exported", pgettext_lazy("demand event", "Contact details exported")

    PUBLIC_ACTIONS = {
        Action.SUBMITTED, Action.FORWARDED, Action.ACCEPTED, Action.ANSWERED, Action.RATED,
        Action.REOPENED, Action.CLOSED, Action.AUTO_CLOSED, Action.REJECTED, Action.MERGED,
    }

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="events", null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12, blank=True)
    department = models.ForeignKey("content.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("demand event")
        verbose_name_plural = _("demand events")

    def __str__(self):
        return f"{self.get_action_display()} {self.from_status}→{self.to_status}"

    @property
    def is_public(self):
        return self.action in self.PUBLIC_ACTIONS


def answer_attachment_path(instance, filename):
    return f"demands/answers/{timezone.now():%Y/%m}/{secrets.token_hex(6)}-{filename[-60:]}"


class DemandAnswer(models.Model):
    """A department's public answer (答复); round 2 answers the follow-up."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    text = models.TextField(_("answer"))
    attachment = models.FileField(_("attachment"), upload_to=answer_attachment_path, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey("content.Department", null=True, on_delete=models.SET_NULL, related_name="answers")
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        ordering = ["round", "created_at"]
        constraints = [models.UniqueConstraint(fields=["demand", "round"], name="demand_one_answer_per_round")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")


class DemandRating(models.Model):
    """The author's satisfaction with an answer (满意 / 基本满意 / 不满意): once per round."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="ratings")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("rated"), default=timezone.now)

    class Meta:
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["demand", "round"], name="demand_one_rating_per_round")]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")


class DemandSupport(models.Model):
    """附议: a resident backs a public demand, once."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demand_supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["demand", "user"], name="demand_support_once")]
        verbose_name = _("support")
        verbose_name_plural = _("supports")


class ExtensionRequest(models.Model):
    """A department asks for more working days to answer; a Supervisor grants or refuses."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="extension_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    days = models.PositiveSmallIntegerField(_("working days"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    def __str__(self):
        return f"{self.demand.tracking_number} +{self.days}"


class Holiday(models.Model):
    """A public holiday (法定节假日) skipped when counting working days."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self):
        return f"{self.date} {self.name}"


class DepartmentDeadlines(models.Model):
    """A department's own deadlines in working days; empty per-type fields use the hotline defaults."""

    department = models.OneToOneField("content.Department", on_delete=models.CASCADE, related_name="demand_deadlines")
    accept_days = models.PositiveSmallIntegerField(_("accept within"), default=2)
    answer_days = models.PositiveSmallIntegerField(
        _("answer within"), default=10,
        help_text=_("Used for a type without its own value below and no site-wide value."),
    )
    enquiry_days = models.PositiveSmallIntegerField(_("enquiries: answer within"), null=True, blank=True)
    help_days = models.PositiveSmallIntegerField(_("requests for help: answer within"), null=True, blank=True)
    complaint_days = models.PositiveSmallIntegerField(_("complaints: answer within"), null=True, blank=True)
    suggestion_days = models.PositiveSmallIntegerField(_("suggestions: answer within"), null=True, blank=True)

    class Meta:
        verbose_name = _("department deadlines")
        verbose_name_plural = _("department deadlines")

    def __str__(self):
        return str(self.department)


def new_api_key():
    return secrets.token_urlsafe(32)


class Open311Client(models.Model):
    """An application allowed to POST demands through Open311 with its own api_key."""

    name = models.CharField(_("name"), max_length=100)
    api_key = models.CharField(_("API key"), max_length=64, unique=True, default=new_api_key)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self):
        return self.name
