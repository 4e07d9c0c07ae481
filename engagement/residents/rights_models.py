"""Residents' rights under the PIPL (个人信息保护法): the privacy notice, consents, and the audit of
erasures (accounts deleted, contact details erased by the retention job).

Imported by models.py, so Django registers these models with the residents app. The domain code
that writes them is rights.py.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField


@register_setting(icon="doc-full")
class PrivacyNotice(BaseGenericSetting):
    """The privacy notice (隐私政策) shown at /privacy/, edited by editors under Settings.

    One notice for the whole installation (a generic setting, not one per Wagtail site): one
    controller publishes it, and every consent must name one comparable version. The version
    is never typed by hand: saving a changed text or date makes the next version and keeps a copy
    of it (PrivacyNoticeVersion), so a consent always points to the words the resident saw.
    """

    body = RichTextField(
        pgettext_lazy("privacy", "text"), blank=True,
        help_text=_("Who handles which personal information, for what, for how long, who sees it, and how residents "
                    "download or delete their data. Left empty, the site shows a built-in summary."),
    )
    effective_date = models.DateField(pgettext_lazy("privacy", "effective from"), default=timezone.localdate)
    version = models.PositiveIntegerField(pgettext_lazy("privacy", "version"), default=1, editable=False)

    panels = [FieldPanel("body"), FieldPanel("effective_date")]

    class Meta:
        verbose_name = _("privacy notice")

    def __str__(self):
        return str(_("Privacy notice, version %(version)s") % {"version": self.version})

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.pk:
                old = type(self).objects.filter(pk=self.pk).values("body", "effective_date", "version").first()
                if old and (old["body"] != self.body or old["effective_date"] != self.effective_date):
                    self.version = old["version"] + 1
            super().save(*args, **kwargs)
            PrivacyNoticeVersion.objects.update_or_create(
                version=self.version, defaults={"body": self.body, "effective_date": self.effective_date})


class PrivacyNoticeVersion(models.Model):
    """The text of every version of the privacy notice, kept so a consent can be matched to its words."""

    version = models.PositiveIntegerField(pgettext_lazy("privacy", "version"), unique=True)
    body = models.TextField(pgettext_lazy("privacy", "text"), blank=True)
    effective_date = models.DateField(pgettext_lazy("privacy", "effective from"))
    created_at = models.DateTimeField(pgettext_lazy("privacy", "created"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("privacy notice version")
        verbose_name_plural = _("privacy notice versions")

    def __str__(self):
        return f"v{self.version} ({self.effective_date})"


class Consent(models.Model):
    """One consent (同意) to the privacy notice: at signup (an account) or with a demand."""

    class Purpose(models.TextChoices):
        ACCOUNT = "account", _("Account: comments, votes, ratings")
        DEMAND = "demand", _("Demand: handling it and contacting the resident")

    class GivenBy(models.TextChoices):
        RESIDENT = "resident", _("The resident, on this site")
        STAFF = "staff", _("Staff, for the resident (phone or in person)")
        CLIENT = "client", _("An Open311 client, for the resident")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("privacy", "account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="privacy_consents",
    )
    demand = models.ForeignKey(
        "demands.Demand", verbose_name=pgettext_lazy("privacy", "demand"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    purpose = models.CharField(pgettext_lazy("privacy", "for"), max_length=10, choices=Purpose.choices)
    given_by = models.CharField(pgettext_lazy("privacy", "given by"), max_length=10, choices=GivenBy.choices, default=GivenBy.RESIDENT)
    notice_version = models.PositiveIntegerField(_("privacy notice version"))
    given_at = models.DateTimeField(pgettext_lazy("privacy", "when"), default=timezone.now)

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.get_purpose_display()} v{self.notice_version} {self.given_at:%Y-%m-%d}"


class DeletionRecord(models.Model):
    """The audit of one deleted account: when, what the resident chose, and how many records of each kind
    were anonymised or removed. No personal data: no name, email, account number or text."""

    class CommentChoice(models.TextChoices):
        ANONYMISE = "anonymise", _("Comments kept, shown as 已注销用户")
        REMOVE = "remove", _("Comments removed")

    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now, db_index=True)
    comments = models.CharField(pgettext_lazy("privacy", "comments"), max_length=10, choices=CommentChoice.choices)
    counts = models.JSONField(pgettext_lazy("privacy", "counts"), default=dict)

    class Meta:
        ordering = ["-deleted_at", "-pk"]
        verbose_name = _("deleted account")
        verbose_name_plural = _("deleted accounts")

    def __str__(self):
        return f"{self.deleted_at:%Y-%m-%d %H:%M} {self.get_comments_display()}"


class RetentionRun(models.Model):
    """One run of `manage.py erase_closed_contacts`: whose contact details were erased, and why then."""

    ran_at = models.DateTimeField(pgettext_lazy("privacy", "ran at"), default=timezone.now, db_index=True)
    months = models.PositiveSmallIntegerField(_("kept for (months)"))
    cutoff = models.DateTimeField(_("closed before"))
    erased = models.PositiveIntegerField(_("contacts erased"), default=0)
    counts = models.JSONField(_("per status"), default=dict)
    tracking_numbers = models.JSONField(pgettext_lazy("privacy", "tracking numbers"), default=list)

    class Meta:
        ordering = ["-ran_at", "-pk"]
        verbose_name = _("contact retention run")
        verbose_name_plural = _("contact retention runs")

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}: {self.erased}"
