"""Residents (居民): the public-site account's profile, beside Django's user."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _


class ResidentProfile(models.Model):
    """What a resident tells us about themself, and what moderators decide about them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resident_profile", verbose_name=_("user")
    )
    display_name = models.CharField(
        _("display name"), max_length=40, blank=True, help_text=_("Shown with your comments instead of your email.")
    )
    area = models.ForeignKey(
        "content.Area", verbose_name=_("area (grid)"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", limit_choices_to={"kind": "grid"},
    )
    commenting_blocked_until = models.DateTimeField(_("commenting blocked until"), null=True, blank=True)
    notify_replies = models.BooleanField(
        _("email me when someone replies to my comments"), default=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("resident profile")
        verbose_name_plural = _("resident profiles")

    def __str__(self):
        return self.public_name

    @property
    def public_name(self):
        """The name shown in public (see :func:`public_name_from`)."""
        return public_name_from(self.display_name, self.user_id)

    def is_blocked(self, now=None):
        return bool(self.commenting_blocked_until and self.commenting_blocked_until > (now or timezone.now()))


def profile_for(user):
    """The resident profile of `user`, created on first use (staff and old accounts have none yet)."""
    try:
        return user.resident_profile
    except ResidentProfile.DoesNotExist:
        profile, _created = ResidentProfile.objects.get_or_create(user=user)
        user.resident_profile = profile
        return profile


def is_verified_organisation(user, today=None):
    """True when ``user``'s organisation verification (社会组织) is in force now (its record, nothing else)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return OrganisationVerification.objects.in_force(today).filter(user_id=user.pk).exists()


def public_name_from(display_name, user_id):
    """The one rule for a person's name in public: their display name, else "Resident <number>".

    Never any part of the email, nor the username: allauth makes the username from the email's
    local part. ``display_name`` and ``user_id`` are what a listing can select in one query
    (``user__resident_profile__display_name``, ``user_id``).
    """
    if display_name:
        return display_name
    return gettext("Resident %(number)s") % {"number": user_id}


def public_name(user):
    """A user's public name, without creating a profile (see :func:`public_name_from`)."""
    try:
        display_name = user.resident_profile.display_name
    except ResidentProfile.DoesNotExist:
        display_name = ""
    return public_name_from(display_name, user.pk)


class LoginAudit(models.Model):
    """One lockout of a login (account + IP, by django-axes) or one unlock by a Supervisor.

    Axes keeps the attempts themselves (``axes.AccessAttempt``, deleted on unlock or after the cool-off)
    and every successful login (``axes.AccessLog``); this table keeps who was locked out and who let
    them in again, after the attempts are gone (engagement/residents/lockouts.py writes it).
    """

    class Kind(models.TextChoices):
        LOCKOUT = "lockout", _("locked out")
        UNLOCK = "unlock", _("unlocked")

    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    username = models.CharField(_("login"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failed logins"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("unlocked by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("login audit entry")
        verbose_name_plural = _("login audit")

    def __str__(self):
        return f"{self.get_kind_display()} {self.username} {self.ip_address or ''}".strip()


from .rights_models import Consent, DeletionRecord, PrivacyNotice, PrivacyNoticeVersion, RetentionRun  # noqa: E402,F401
from .organisation_models import OrganisationVerification, badge  # noqa: E402,F401
