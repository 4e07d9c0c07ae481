"""What supervisors configure: the working-day calendar, departments' deadlines, Open311 clients."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week (工作日历): a holiday on a weekday, or a make-up
    working day (调休) on a weekend, as the State Council publishes them each November."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"), default=False,
        help_text=_("Tick for a make-up working day (调休) on a weekend; leave empty for a holiday."),
    )
    name = models.CharField(pgettext_lazy("calendar day", "name"), max_length=60,
                            help_text=_("For example 国庆节, or 国庆节调休 for a make-up working day."))

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("working-day calendar")

    def __str__(self):
        kind = _("working day") if self.is_working_day else _("holiday")
        return f"{self.date} {self.name} ({kind})"

    def clean(self):
        """Refuse an edit that would put a deadline still ahead in the past (calendar.check_edit)."""
        super().clean()
        if self.date is None:
            return
        from ..calendar import check_edit

        stored = CalendarDay.objects.filter(pk=self.pk).values_list("date", flat=True).first() if self.pk else None
        check_edit(self.date, self.is_working_day, replacing=stored)


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
