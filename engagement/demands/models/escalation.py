"""Supervision that escalates (督办): one row per step an overdue deadline climbed.

The ladder itself (when a step is due, who is told) is engagement/demands/escalation.py; this row is
what makes each step happen once: one per demand, step and deadline, whatever the daily job does.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .demand import Demand


class EscalationStep(models.Model):
    """A rung of the ladder reached by one deadline of one demand: 催办 → 督办 → 通报."""

    class Step(models.TextChoices):
        REMINDED = "reminded", pgettext_lazy("escalation step", "Reminder (催办)")
        SUPERVISED = "supervised", pgettext_lazy("escalation step", "Formal notice (督办)")
        LISTED = "listed", pgettext_lazy("escalation step", "Public list (通报)")

    class Stage(models.TextChoices):
        ACCEPT = "accept", pgettext_lazy("escalation stage", "accepting")
        ANSWER = "answer", pgettext_lazy("escalation stage", "answering")

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="escalations")
    step = models.CharField(_("step"), max_length=12, choices=Step.choices)
    stage = models.CharField(_("overdue step"), max_length=8, choices=Stage.choices)
    due_at = models.DateTimeField(_("deadline"))
    department = models.ForeignKey("content.Department", null=True, on_delete=models.SET_NULL, related_name="+")
    days_overdue = models.PositiveSmallIntegerField(
        _("working days overdue"), default=0,
        help_text=_("Kept up to date by the daily job while the deadline stays missed, then frozen."))
    created_at = models.DateTimeField(_("reached"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["demand", "step", "due_at"], name="demand_escalation_step_once"),
        ]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")

    def __str__(self):
        return f"{self.demand_id} {self.step} {self.due_at:%Y-%m-%d}"
