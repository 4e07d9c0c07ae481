"""Logins resist guessing (django-axes, per account AND IP) and staff log in with two factors (allauth.mfa)."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse

from content.roles import sync_roles
from engagement.residents.lockouts import login_key
from engagement.residents.mfa import must_use_mfa
from engagement.residents.mfa_forms import MFA_CODE_FAILURE_LIMIT
from engagement.residents.models import LoginAudit
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's
STRANGER, OFFICE = "203.0.113.7", "198.51.100.20"
LOGIN = "/accounts/login/"
LOCKOUTS = "/admin/login-security/lockouts/"
LOCKED_ZH = "该账号在您的网络上登录失败次数过多"


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    """allauth's rate limits and used TOTP codes live in the cache, which outlives a test's rollback."""
    settings.MFA_TOTP_TOLERANCE = 1  # a code computed at the end of a 30 s step still counts
    cache.clear()
    yield
    cache.clear()


def verified(user):
    """Allauth's login needs a confirmed email (ACCOUNT_EMAIL_VERIFICATION = "mandatory")."""
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def log_in(client, login, password=PASSWORD, ip=OFFICE, next_url=None):
    data = {"login": login, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data, REMOTE_ADDR=ip)


def logged_in(client):
    return "_auth_user_id" in client.session


def guess(client, login, times=30, ip=STRANGER):
    return [log_in(client, login, "wrong-password", ip=ip).status_code for _ in range(times)]


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def with_totp(user):
    """A TOTP authenticator and recovery codes, as allauth's activation makes them."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes(RecoveryCodes.activate(user).instance).get_unused_codes()
    return secret, codes


# --- Lockout per account and IP -------------------------------------------------------------------


def test_the_admin_login_is_allauths(client, db):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    # Wagtail's own form (no second factor) no longer logs anyone in.
    editor = verified(UserFactory(username="editor2"))
    client.post("/admin/login/", {"username": editor.username, "password": PASSWORD}, REMOTE_ADDR=OFFICE)
    assert not logged_in(client)
    assert client.get("/admin/")["Location"].startswith("/accounts/login/?next=/admin/")


def test_guessing_an_editors_password_locks_out_that_ip_only(client, editor):
    verified(editor)

    statuses = guess(client, "editor")

    assert statuses[0] == 200 and statuses[-1] == 429  # refused after AXES_FAILURE_LIMIT, not before
    assert statuses.index(429) == django_settings.AXES_FAILURE_LIMIT - 1
    refused = log_in(client, "editor", ip=STRANGER, next_url="/admin/")
    assert refused.status_code == 429
    assert LOCKED_ZH in refused.content.decode()
    assert 'class="site-header"' in refused.content.decode()  # in the site's layout
    assert not logged_in(client)

    # The owner, from the office, is not locked out, and lands in the admin.
    response = log_in(client, "editor", ip=OFFICE, next_url="/admin/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert logged_in(client)
    assert client.get("/admin/", REMOTE_ADDR=OFFICE).status_code == 200


def test_username_and_email_count_against_the_same_account(client, editor):
    verified(editor)
    assert login_key(None, {"username": "EDITOR@example.com"}) == "editor"
    assert login_key(None, {"email": "editor@example.com", "username": "editor@example.com"}) == "editor"
    assert login_key(None, {"username": "nobody-here"}) == "nobody-here"

    guess(client, "editor", times=5)
    guess(client, "Editor@Example.com", times=5)

    assert log_in(client, "editor", ip=STRANGER).status_code == 429


def test_a_stranger_cannot_lock_a_resident_out(client, alice_resident):
    statuses = guess(client, "alice@example.com")

    assert statuses[-1] == 429
    refused = log_in(client, "alice@example.com", ip=STRANGER)
    assert refused.status_code == 429 and LOCKED_ZH in refused.content.decode()
    assert not logged_in(client)

    response = log_in(client, "alice@example.com", ip=OFFICE)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice_resident.pk)


def test_the_lockout_page_speaks_english_under_en(client, alice_resident):
    guess(client, "alice@example.com", times=django_settings.AXES_FAILURE_LIMIT)

    response = client.post("/en/accounts/login/", {"login": "alice@example.com", "password": PASSWORD},
                           REMOTE_ADDR=STRANGER)

    assert response.status_code == 429
    assert "Too many failed logins for this account from your network" in response.content.decode()


def test_a_lockout_ends_after_the_cool_off(client, alice_resident):
    from axes.models import AccessAttempt
    from django.utils import timezone

    guess(client, "alice@example.com", times=django_settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - django_settings.AXES_COOLOFF_TIME)

    assert log_in(client, "alice@example.com", ip=STRANGER).status_code == 302


# --- Supervisors unlock, audited --------------------------------------------------------------------


@pytest.fixture
def roles(home):
    sync_roles()  # the supervisors' axes permissions come from the gongzhi_role_permissions hook


def test_a_supervisor_sees_the_lockout_and_unlocks_it_audited(client, roles, editor, supervisor):
    verified(editor)
    guess(client, "editor")
    lockout = LoginAudit.objects.get()
    assert (lockout.kind, lockout.username, lockout.ip_address) == (LoginAudit.Kind.LOCKOUT, "editor", STRANGER)
    assert lockout.failures >= django_settings.AXES_FAILURE_LIMIT

    client.force_login(supervisor)
    html = client.get(LOCKOUTS).content.decode()
    assert f'data-lockout="editor|{STRANGER}"' in html
    assert LOCKOUTS in client.get("/admin/").content.decode()  # in the Settings menu

    response = client.post(LOCKOUTS, {"username": "editor", "ip_address": STRANGER})

    assert response.status_code == 302
    unlock = LoginAudit.objects.filter(kind=LoginAudit.Kind.UNLOCK).get()
    assert (unlock.username, unlock.ip_address, unlock.actor) == ("editor", STRANGER, supervisor)
    assert unlock.failures >= django_settings.AXES_FAILURE_LIMIT
    html = client.get(LOCKOUTS).content.decode()
    assert "data-lockout=" not in html
    assert html.count("<td>editor</td>") == 2  # both audit rows are shown
    client.logout()
    assert log_in(client, "editor", ip=STRANGER).status_code == 302  # unlocked


@pytest.mark.parametrize("who", ["editor", "moderator", "department_staff"])
def test_only_supervisors_see_or_unlock_lockouts(client, request, roles, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(LOCKOUTS).status_code in (302, 403)
    assert client.post(LOCKOUTS, {"username": "editor", "ip_address": STRANGER}).status_code in (302, 403)
    assert not LoginAudit.objects.exists()
    assert LOCKOUTS not in client.get("/admin/").content.decode()


# --- Two factors for the staff who see contact details -------------------------------------------------


@pytest.fixture
def mfa_required(settings):
    settings.GONGZHI_STAFF_MFA_REQUIRED = True


def test_the_roles_that_see_contact_details_must_use_two_factors(roles, editor, chief_editor, moderator,
                                                                  supervisor, department_staff, resident):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert [must_use_mfa(u) for u in (moderator, supervisor, department_staff, admin)] == [True] * 4
    assert [must_use_mfa(u) for u in (editor, chief_editor, resident)] == [False] * 3


def test_a_moderator_without_totp_is_sent_to_enrol_and_enrols(client, roles, moderator, mfa_required,
                                                               django_capture_on_commit_callbacks):
    verified(moderator)
    assert log_in(client, "moderator", next_url="/admin/")["Location"] == "/admin/"

    response = client.get("/admin/comments/moderation/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=%2Fadmin%2Fcomments%2Fmoderation%2F"
    activate = response["Location"]
    # allauth asks for the password again before an authenticator is added (MFA_REAUTHENTICATION_REQUIRED)
    reauthenticate = client.get(activate)
    assert reauthenticate["Location"].startswith(reverse("account_reauthenticate"))
    html = client.get(reauthenticate["Location"]).content.decode()
    assert 'class="site-header"' in html and "双重登录" in html  # in the site's layout; our message says why
    assert client.post(reauthenticate["Location"], {"password": PASSWORD})["Location"] == activate
    page = client.get(activate)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="site-header"' in html  # allauth's MFA pages in the site's layout, in Chinese
    assert "身份验证器" in html  # allauth's zh_Hans: "Activate Authenticator App"
    assert "data:image/svg+xml" in html  # the QR code is drawn here, no outside service

    secret = page.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(response["Location"]).status_code == 200  # the recovery codes, to write down
    assert client.get("/admin/").status_code == 200  # enrolled in this session: in


def test_with_totp_the_login_asks_for_the_code(client, roles, moderator, mfa_required):
    verified(moderator)
    secret, _codes = with_totp(moderator)

    response = log_in(client, "moderator", next_url="/admin/")

    assert response["Location"] == reverse("mfa_authenticate")
    assert not logged_in(client)
    assert "验证" in client.get(response["Location"]).content.decode()
    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200  # wrong: again
    assert not logged_in(client)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert response["Location"] == "/admin/"
    assert logged_in(client)
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_are_throttled_per_account(client, roles, moderator, mfa_required):
    verified(moderator)
    secret, _codes = with_totp(moderator)
    log_in(client, "moderator", ip=OFFICE)
    for _ in range(MFA_CODE_FAILURE_LIMIT):
        client.post(reverse("mfa_authenticate"), {"code": "000000"}, REMOTE_ADDR=OFFICE)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)}, REMOTE_ADDR=OFFICE)

    assert response.status_code == 200 and not logged_in(client)
    assert "错误的验证码太多" in response.content.decode()


def test_a_recovery_code_works_once(client, roles, supervisor, mfa_required):
    verified(supervisor)
    _secret, codes = with_totp(supervisor)

    log_in(client, "supervisor@example.com")  # staff may log in with their email too
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302 and logged_in(client)
    client.post(reverse("account_logout"))

    log_in(client, "supervisor")
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert response.status_code == 200 and not logged_in(client)
    assert client.post(reverse("mfa_authenticate"), {"code": codes[1]}).status_code == 302
    assert logged_in(client)


def test_a_session_that_skipped_the_code_is_logged_out_of_the_admin(client, roles, moderator):
    with_totp(moderator)
    client.force_login(moderator)  # not through allauth's login, so no second factor

    response = client.get("/admin/")

    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert not logged_in(client)


def test_a_resident_is_never_asked_to_enrol(client, alice_resident, mfa_required):
    response = log_in(client, "alice@example.com")
    assert response.status_code == 302 and "/2fa/" not in response["Location"]
    assert logged_in(client)
    assert "/2fa/" not in client.get("/accounts/profile/").get("Location", "")

    # The admin sends them to the login, which sends a logged-in resident home (not back: no loop).
    response = client.get("/admin/")
    assert response["Location"] == "/accounts/login/?next=/admin/"
    assert client.get(response["Location"])["Location"] == "/"


def test_the_demo_and_test_settings_leave_enrolment_off_production_on():
    import importlib

    assert django_settings.GONGZHI_STAFF_MFA_REQUIRED is False  # test.py
    base = importlib.import_module("gongzhi.settings.base")
    assert base.GONGZHI_STAFF_MFA_REQUIRED is True
    assert base.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert "key" not in base.ACCOUNT_RATE_LIMITS["login_failed"]  # allauth: per IP only
