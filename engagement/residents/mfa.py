"""Two-factor login (TOTP, allauth.mfa) for the staff who see residents' contact details.

Staff log in to the Wagtail admin through allauth (WAGTAILADMIN_LOGIN_URL = "account_login"), with
their username or email; allauth asks for the authenticator app's code (or a recovery code) when the
account has one. ``StaffLoginMiddleware`` makes that the only way in:

- ``/admin/login/`` (Wagtail's own form, which knows nothing of TOTP) redirects to allauth's login;
- a staff member whose role must use 2FA (``must_use_mfa``: Moderators, Supervisors, department
  staff, superusers) and who has no TOTP authenticator yet is sent from any ``/admin/`` page to
  allauth's activation page, when ``GONGZHI_STAFF_MFA_REQUIRED`` is on (base and production; off in
  dev.py for the demo logins, and in test.py except in tests that turn it on);
- an account with a TOTP authenticator whose session did not pass it (logged in some other way)
  is logged out of the admin and sent to the login;
- an account without admin access that is sent to the login with ``next=/admin/…`` goes to the
  home page instead (allauth would send a logged-in user straight back: a redirect loop).
Residents are never asked to enrol.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from content.roles import MODERATORS, SUPERVISORS, departments_of

MFA_ROLES = (MODERATORS, SUPERVISORS)  # and every department's staff group, and superusers


def must_use_mfa(user):
    """True for the roles that see contact details (DESIGN.md): they must log in with a second factor."""
    if not (user and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    if user.groups.filter(name__in=MFA_ROLES).exists():
        return True
    return bool(departments_of(user))


def totp_authenticator(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def session_passed_mfa(request, authenticator):
    """This session gave a TOTP or recovery code at login, or set up the authenticator after logging in."""
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    started = min((record.get("at", 0) for record in records), default=None)
    return started is not None and authenticator.created_at.timestamp() >= started


def _login_redirect(next_url):
    return redirect(f"{resolve_url(settings.WAGTAILADMIN_LOGIN_URL)}?{urlencode({'next': next_url})}")


def _url_name(path):
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


class StaffLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.check(request) or self.get_response(request)

    def check(self, request):
        path = request.path_info
        admin_home = reverse("wagtailadmin_home")
        if path == reverse("wagtailadmin_login"):
            next_url = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
                next_url = admin_home
            return _login_redirect(next_url)

        user = request.user
        if not user.is_authenticated:
            return None
        if not path.startswith(admin_home):
            next_url = request.GET.get("next", "")
            if (next_url.startswith(admin_home) and _url_name(path) == "account_login"
                    and not user.has_perm("wagtailadmin.access_admin")):
                return redirect("/")
            return None
        if path == reverse("wagtailadmin_logout"):
            return None

        authenticator = totp_authenticator(user)
        if authenticator is not None:
            if session_passed_mfa(request, authenticator):
                return None
            logout(request)
            return _login_redirect(request.get_full_path())
        if getattr(settings, "GONGZHI_STAFF_MFA_REQUIRED", True) and must_use_mfa(user):
            if request.method == "GET" and request.headers.get("x-requested-with") != "XMLHttpRequest":
                messages.warning(request, _(
                    "Your role sees residents' contact details, so your account needs two-factor login. "
                    "Set up an authenticator app now: scan the code, then enter the six digits it shows."))
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
        return None
