"""Verify, suspend and withdraw social organisations; every change permission-checked and audited (Wagtail's log).

    verify(user, name=..., kind=..., registration_number=..., valid_until=..., by=moderator)
    suspend(record, reason=..., by=moderator)      # 暂停: the badge goes until reinstated
    reinstate(record, reason=..., by=moderator)    # 恢复: a suspended one only
    withdraw(record, reason=..., by=moderator)     # 撤销: final
    acting_organisation(user)                      # the record in force, or None: whoever asks "may it act as one?"
    purge_expired()                                # the nightly job: pages still showing a badge that lapsed

Only Moderators and Supervisors act (``permissions.can``); each refusal is an ``OrganisationRefused`` whose
message is for the moderator, and nothing changes.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import permissions
from .models import OrganisationVerification
from .organisation_models import in_force_condition

Status = OrganisationVerification.Status


class OrganisationRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def acting_organisation(user, today=None):
    """The verification in force for ``user``, or None (none, suspended, withdrawn or expired)."""
    if not (user and user.is_authenticated):
        return None
    record = OrganisationVerification.objects.filter(user=user).first()
    return record if record is not None and record.in_force(today) else None


def refuse_unless_acting(user):
    """Raise OrganisationRefused, saying why, unless ``user`` acts as a verified organisation now."""
    record = OrganisationVerification.objects.filter(user=user).first() if user and user.is_authenticated else None
    if record is None:
        raise OrganisationRefused(_("Only verified social organisations can do this."))
    if record.status == Status.SUSPENDED:
        raise OrganisationRefused(_("Your organisation's verification is suspended: it cannot act as a verified "
                                    "organisation until a moderator reinstates it."))
    if record.status == Status.WITHDRAWN:
        raise OrganisationRefused(_("Your organisation's verification was withdrawn."))
    if not record.in_force():
        raise OrganisationRefused(_("Your organisation's verification expired on %(date)s.")
                                  % {"date": f"{record.valid_until:%Y-%m-%d}"})
    return record


def _audit(record, action, by, **data):
    log(instance=record, action=f"gongzhi.organisations.{action}", user=by,
        data={"user": record.user_id, "status": record.status, **data})


def _refuse_unless_allowed(by, action):
    if not permissions.can(by, action):
        raise OrganisationRefused(_("Only moderators and supervisors may verify, suspend, reinstate or withdraw "
                                    "social organisations."))


def verify(user, *, name, kind, registration_number, valid_until, by):
    """Verify (or re-verify, e.g. renew) ``user`` as a social organisation. Refused: not a moderator or supervisor,
    a staff account, a withdrawn one, a past date, a registration number another organisation holds."""
    _refuse_unless_allowed(by, "verify")
    try:
        with transaction.atomic():
            return _verify(user, name=name, kind=kind, registration_number=registration_number,
                           valid_until=valid_until, by=by)
    except IntegrityError:  # the same number verified at the same moment for another account
        raise OrganisationRefused(_duplicate_message(registration_number)) from None


def _duplicate_message(number):
    return (_("The registration number %(number)s is already verified for another organisation: check it.")
            % {"number": (number or "").strip()})


def _verify(user, *, name, kind, registration_number, valid_until, by):
    name, registration_number = (name or "").strip(), (registration_number or "").strip().upper()
    if user.is_staff:
        raise OrganisationRefused(_("Staff accounts cannot be verified as social organisations."))
    if not name or not registration_number:
        raise OrganisationRefused(_("Please give the registered name and the registration number."))
    if kind not in OrganisationVerification.Kind.values:
        raise OrganisationRefused(_("Please choose the organisation's type."))
    if valid_until is None or valid_until < timezone.localdate():
        raise OrganisationRefused(_("The verification must be valid until a day still ahead."))
    if OrganisationVerification.objects.filter(registration_number=registration_number).exclude(user=user).exists():
        raise OrganisationRefused(_duplicate_message(registration_number))
    record = OrganisationVerification.objects.select_for_update().filter(user=user).first()
    if record is not None and record.status == Status.WITHDRAWN:
        raise OrganisationRefused(_("This organisation's verification was withdrawn: it cannot be verified again."))
    record = record or OrganisationVerification(user=user)
    record.name, record.kind, record.registration_number = name[:120], kind, registration_number[:40]
    record.valid_until, record.verified_by, record.verified_at = valid_until, by, timezone.now()
    record.status, record.status_reason = Status.ACTIVE, ""
    record.save()
    _audit(record, "verify", by, valid_until=valid_until.isoformat())
    return record


ACTIONS = {Status.SUSPENDED: "suspend", Status.WITHDRAWN: "withdraw", Status.ACTIVE: "reinstate"}


def _change(record, status, *, reason, by, allowed_from):
    _refuse_unless_allowed(by, ACTIONS[status])
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise OrganisationRefused(_("Please give the reason: it is shown on the organisation's page."))
    with transaction.atomic():
        locked = OrganisationVerification.objects.select_for_update().get(pk=record.pk)
        if locked.status == Status.WITHDRAWN:
            raise OrganisationRefused(_("This organisation's verification was withdrawn: that is final, "
                                        "nothing was changed."))
        if locked.status not in allowed_from:
            raise OrganisationRefused(_("Already handled: this verification is now “%(status)s”; nothing was changed.")
                                      % {"status": locked.get_status_display()})
        locked.status, locked.status_reason = status, reason[:300]
        locked.save(update_fields=["status", "status_reason"])
        _audit(locked, ACTIONS[status], by, reason=locked.status_reason)
    return locked


def suspend(record, *, reason, by):
    return _change(record, Status.SUSPENDED, reason=reason, by=by, allowed_from={Status.ACTIVE})


def reinstate(record, *, reason, by):
    """Lift a suspension; an expired or never-checked record is verified again instead (with its registration)."""
    if record.valid_until < timezone.localdate() or not record.registration_number:
        raise OrganisationRefused(_("This verification has no valid registration check (expired on %(date)s or "
                                    "never checked): verify the organisation again instead.")
                                  % {"date": f"{record.valid_until:%Y-%m-%d}"})
    return _change(record, Status.ACTIVE, reason=reason, by=by, allowed_from={Status.SUSPENDED})


def withdraw(record, *, reason, by):
    return _change(record, Status.WITHDRAWN, reason=reason, by=by, allowed_from={Status.ACTIVE, Status.SUSPENDED})


def purge_expired(today=None, days=7):
    """Purge the cached pages that show the badge of a verification whose ``valid_until`` passed in the last
    ``days`` days (no save marks that moment, so nothing else purges them); returns how many records.

    The nightly job (``organisations_expired``, deploy/crontab): until it runs, such a page shows the badge
    no longer than the cache keeps it (``GONGZHI_CACHE_SECONDS``). Looking back a week covers missed nights.
    """
    from content.purge import purge

    today = today or timezone.localdate()
    lapsed = list(OrganisationVerification.objects.filter(
        status=Status.ACTIVE, valid_until__gte=today - datetime.timedelta(days=days)).exclude(in_force_condition(today)))
    purge(*lapsed)
    return len(lapsed)
