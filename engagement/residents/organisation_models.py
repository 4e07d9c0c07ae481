"""Verified social organisations (社会组织): the verification record behind the badge.

A moderator verifies an organisation's account against its registration (name, type, registration
number, valid until); the record can be suspended (暂停) and withdrawn (撤销) — the reference paper's
"encouragement, punishment and withdrawal". ``organisations.py`` changes it, audited.

The record is the only answer to "is this organisation verified?": ``in_force()`` for one record,
``OrganisationVerification.objects.in_force()`` and :func:`badge` (a query expression for listings) for many.
Nothing else stores a badge, so an expired, suspended or withdrawn organisation loses it everywhere at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def in_force_condition(today=None, prefix=""):
    """Q for verification records in force on ``today``: the queryset twin of ``OrganisationVerification.in_force``."""
    return Q(**{f"{prefix}status": "active", f"{prefix}valid_until__gte": today or timezone.localdate()})


class VerificationQuerySet(models.QuerySet):
    def in_force(self, today=None):
        """The records in force on ``today`` (local date): active and not expired."""
        return self.filter(in_force_condition(today))


def badge(user_field="user_id", today=None):
    """An ``Exists`` that is True when the account in ``user_field`` (an OuterRef path) is a verified
    organisation now: annotate a listing with it instead of reading a stored flag (one subquery, no extra query)."""
    return Exists(OrganisationVerification.objects.in_force(today).filter(user_id=OuterRef(user_field)))


class OrganisationVerification(models.Model):
    class Kind(models.TextChoices):
        MEDIATION = "mediation", _("Mediation organisation (调解组织)")
        WELFARE = "welfare", _("Public welfare organisation (公益组织)")
        COMMUNITY = "community", _("Community service organisation (社区服务组织)")
        OTHER = "other", _("Other social organisation")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Verified")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Verification withdrawn")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="organisation_verification", verbose_name=_("account"))
    name = models.CharField(_("registered name"), max_length=120)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    registration_number = models.CharField(_("registration number"), max_length=40,
                                           help_text=_("The unified social credit code (统一社会信用代码)."))
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("verifying moderator"))
    verified_at = models.DateTimeField(_("verified"), default=timezone.now)
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField(_("reason for the status"), max_length=300, blank=True)

    objects = VerificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation verification")
        verbose_name_plural = _("organisation verifications")
        constraints = [
            models.UniqueConstraint(fields=["registration_number"], condition=~Q(registration_number=""),
                                    name="organisation_registration_number_once"),
        ]

    def __str__(self):
        return self.name

    def in_force(self, today=None):
        """Verified now: active and not expired (the one rule the badge and every organisation act ask)."""
        return self.status == self.Status.ACTIVE and self.valid_until >= (today or timezone.localdate())
