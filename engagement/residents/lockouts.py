"""Login throttling and lockout (django-axes), keyed by account AND IP together.

A stranger who guesses passwords for an account slows down only the address they guess from: the
same account still logs in from anywhere else (``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``
in settings/base.py). A lockout ends after the cool-off (``AXES_COOLOFF_TIME``) or when a Supervisor
unlocks it in the admin (Settings → Login lockouts, admin_views.py). Every lockout and unlock is a
``LoginAudit`` row.

Both logins go through here: the site's (allauth, ``/accounts/login/``) and the Wagtail admin's, which
logs in through allauth too (WAGTAILADMIN_LOGIN_URL; ``/admin/login/`` redirects there, mfa.py).
Allauth calls ``django.contrib.auth.authenticate(request, email=…, username=…, password=…)``; axes'
backend, first in AUTHENTICATION_BACKENDS, refuses a locked-out pair before any password is checked.
"""

import math

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from .models import LoginAudit


def login_key(request, credentials=None):
    """AXES_USERNAME_CALLABLE: the account a login attempt is about, one key per account.

    Staff type a username or an email, residents their email, in any letter case; all of these
    count against the same account (its username). A login that names no account counts as typed
    (lower-cased), so guessing unknown names is throttled the same way.
    """
    credentials = credentials or {}
    login = credentials.get("username") or credentials.get("email")
    if not login and request is not None:
        data = getattr(request, "POST", None) or {}
        login = data.get("login") or data.get("username") or data.get("email")
    if not login:
        return None
    login = str(login).strip()
    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: login}).first()
    if user is None:
        by_email = list(User.objects.filter(email__iexact=login)[:2])
        user = by_email[0] if len(by_email) == 1 else None
    if user is None:
        by_name = list(User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": login})[:2])
        user = by_name[0] if len(by_name) == 1 else None
    return user.get_username() if user is not None else login.lower()


def cool_off():
    """The cool-off as a timedelta (None: locked until a Supervisor unlocks)."""
    from axes.helpers import get_cool_off

    return get_cool_off(None)


def failure_limit():
    limit = settings.AXES_FAILURE_LIMIT
    return limit if isinstance(limit, int) else 10


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the translated page a locked-out login gets (HTTP 429), in the site's layout."""
    delta = cool_off()
    minutes = math.ceil(delta.total_seconds() / 60) if delta else None
    return render(request, "residents/locked_out.html", {"minutes": minutes}, status=429)


def current_lockouts(now=None):
    """The (login, IP) pairs locked out now, newest first: login, IP, failures, since, until."""
    from axes.models import AccessAttempt

    now = now or timezone.now()
    delta = cool_off()
    attempts = AccessAttempt.objects.all()
    if delta:
        attempts = attempts.filter(attempt_time__gte=now - delta)
    rows = (
        attempts.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=failure_limit())
        .order_by("-last_attempt")
    )
    lockouts = []
    for row in rows:
        audit = (
            LoginAudit.objects.filter(kind=LoginAudit.Kind.LOCKOUT, username=row["username"] or "",
                                      ip_address=row["ip_address"] or None)
            .order_by("-at", "-pk").first()
        )
        lockouts.append({
            **row,
            "since": audit.at if audit else row["last_attempt"],
            "until": row["last_attempt"] + delta if delta else None,
        })
    return lockouts


@transaction.atomic
def unlock(username, ip_address, *, by):
    """Let (username, IP) log in again at once; audited. Returns the number of failures forgiven."""
    from axes.models import AccessAttempt
    from axes.utils import reset

    ip_address = ip_address or None
    attempts = AccessAttempt.objects.filter(username=username, ip_address=ip_address)
    failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    if ip_address:
        reset(ip=ip_address, username=username)
    else:
        attempts.delete()
    LoginAudit.objects.create(kind=LoginAudit.Kind.UNLOCK, username=username or "", ip_address=ip_address,
                              failures=failures, actor=by)
    return failures


def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """axes' user_locked_out: one audit row per lockout (a locked pair that keeps trying updates it)."""
    now = timezone.now()
    username = username or ""
    ip_address = ip_address or None
    failures = getattr(request, "axes_failures_since_start", None) or failure_limit()
    last = LoginAudit.objects.filter(username=username, ip_address=ip_address).order_by("-at", "-pk").first()
    delta = cool_off()
    if last is not None and last.kind == LoginAudit.Kind.LOCKOUT and (
            delta is None or last.last_attempt_at >= now - delta):
        LoginAudit.objects.filter(pk=last.pk).update(failures=max(failures, last.failures), last_attempt_at=now)
        return
    LoginAudit.objects.create(kind=LoginAudit.Kind.LOCKOUT, username=username, ip_address=ip_address,
                              failures=failures, at=now, last_attempt_at=now)


def connect_signals():
    from axes.signals import user_locked_out

    user_locked_out.connect(_on_locked_out, dispatch_uid="residents.audit_lockout")
