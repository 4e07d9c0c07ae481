"""What hangs off a demand: contact details, photos, the audit trail, answers, ratings, support, extensions."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .demand import Demand, Satisfaction

MAX_PHOTOS = 3


class DemandContact(models.Model):
    """Private contact details (联系方式): seen by the author, triage, the assigned department and supervisors."""

    demand = models.OneToOneField(Demand, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # The exact point a client reported (Open311 lat/long): as private as the address. The public
    # record shows only the grid it falls in, and the grid's centroid.
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def __str__(self):
        return str(_("Contact details"))


def private_storage():
    """Residents' photos and answers' attachments: outside MEDIA_ROOT, served only through
    demands:photo and demands:attachment, which check permissions.can_read_full()."""
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
        DEADLINE_RECOMPUTED = "deadline_recomputed", pgettext_lazy("demand event", "Deadline recomputed")
        REMINDED = "reminded", pgettext_lazy("demand event", "Overdue: reminder to the department (催办)")
        SUPERVISED = "supervised", pgettext_lazy("demand event", "Overdue: supervisor's formal notice (督办)")
        LISTED = "listed", pgettext_lazy("demand event", "Overdue: on the public list (通报)")
        HANDED_OVER = "handed_over", pgettext_lazy("demand event", "Handed to a mediation organisation")
        TAKEN_BACK = "taken_back", pgettext_lazy("demand event", "Taken back by the department")

    PUBLIC_ACTIONS = {
        Action.SUBMITTED, Action.FORWARDED, Action.ACCEPTED, Action.ANSWERED, Action.RATED,
        Action.REOPENED, Action.CLOSED, Action.AUTO_CLOSED, Action.REJECTED, Action.MERGED,
        Action.REMINDED, Action.SUPERVISED, Action.LISTED,
        Action.HANDED_OVER, Action.TAKEN_BACK,
    }

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="events", null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12, blank=True)
    department = models.ForeignKey("content.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey("residents.OrganisationVerification", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
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

    @property
    def note_display(self):
        """The note as people read it: the codes some events store (the channel of a submission, the
        satisfaction of a rating, the types of a correction) in the reader's language."""
        from .demand import Channel, Kind

        labels = {**dict(Channel.choices), **dict(Satisfaction.choices), **dict(Kind.choices)}
        if self.action in (self.Action.SUBMITTED, self.Action.RATED, self.Action.KIND_CHANGED):
            return " → ".join(str(labels.get(part, part)) for part in self.note.split(" → "))
        return self.note


def answer_attachment_path(instance, filename):
    return f"demands/answers/{timezone.now():%Y/%m}/{secrets.token_hex(6)}-{filename[-60:]}"


class DemandAnswer(models.Model):
    """A department's public answer (答复), or the mediation organisation's it handed the demand to
    (``organisation``); round 2 answers the follow-up."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    text = models.TextField(_("answer"))
    attachment = models.FileField(_("attachment"), upload_to=answer_attachment_path, storage=private_storage,
                                  blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey("content.Department", null=True, on_delete=models.SET_NULL, related_name="answers")
    organisation = models.ForeignKey("residents.OrganisationVerification", verbose_name=_("answered by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="demand_answers")
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    def get_attachment_url(self):
        if not self.attachment:
            return ""
        return reverse("demands:attachment", kwargs={"tracking_number": self.demand.tracking_number, "pk": self.pk})

    @property
    def attachment_name(self):
        return self.attachment.name.rsplit("/", 1)[-1].split("-", 1)[-1] if self.attachment else ""

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
    resolved = models.BooleanField(_("problem solved"), null=True, blank=True,
                                   help_text=_("The resident's answer to “Was your problem solved?”"))
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


class DemandCoSign(models.Model):
    """联名: a verified social organisation co-signs a public demand, once; shown apart from residents' 附议.
    ``engagement/demands/cosign.py`` makes them (a suspended or withdrawn organisation is refused)."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="cosigns")
    organisation = models.ForeignKey("residents.OrganisationVerification", on_delete=models.CASCADE,
                                     related_name="cosigned_demands", verbose_name=_("organisation"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["demand", "organisation"], name="demand_cosign_once")]
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")


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


