"""The two-factor code step (MFA_FORMS["authenticate"]): wrong codes are throttled per account.

allauth counts wrong codes in its "login_failed" limit, which settings keep per IP only (a per-account
password limit would let anyone lock an owner out). Whoever reaches the code step knows the password,
so here the account itself is slowed: MFA_CODE_FAILURE_LIMIT wrong codes within MFA_CODE_COOL_OFF
seconds, from anywhere, refuse further codes for that account until the window has passed.
"""

from allauth.mfa.base.forms import AuthenticateForm
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

MFA_CODE_FAILURE_LIMIT = 10
MFA_CODE_COOL_OFF = 15 * 60


def _failures_key(user):
    return f"gongzhi:mfa-code-failures:{user.pk}"


def _count_failure(user):
    key, window = _failures_key(user), getattr(settings, "MFA_CODE_COOL_OFF", MFA_CODE_COOL_OFF)
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired in between
        cache.add(key, 1, window)


class StaffAuthenticateForm(AuthenticateForm):
    def clean_code(self):
        limit = getattr(settings, "MFA_CODE_FAILURE_LIMIT", MFA_CODE_FAILURE_LIMIT)
        if (cache.get(_failures_key(self.user)) or 0) >= limit:
            raise forms.ValidationError(
                _("Too many wrong codes for this account. Wait a quarter of an hour, then try again."))
        try:
            return super().clean_code()
        except forms.ValidationError:
            _count_failure(self.user)
            raise
