"""Resident accounts: signup with email confirmation, login, logout, password reset, profile, no admin."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from content.hooks import PROFILE_PANELS
from engagement.notifications.models import Notification
from engagement.residents.models import ResidentProfile, is_verified_organisation, public_name
from tests.factories import UserFactory

User = get_user_model()
PASSWORD = "Zhong-guo-2026!"


@pytest.fixture
def mail_now(django_capture_on_commit_callbacks):
    """Run the outbox's on-commit delivery at once (the test runs inside one transaction)."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def signup(client, email="zhang@example.com", **extra):
    return client.post(reverse("account_signup"), {
        "email": email, "password1": PASSWORD, "password2": PASSWORD, "privacy_consent": "on", **extra,
    })


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/\S*/accounts/confirm-email/\S+|/accounts/confirm-email/\S+)", message.body).group(1)


def test_the_account_pages_live_under_accounts(client, db):
    for name, path in [("account_login", "/accounts/login/"), ("account_signup", "/accounts/signup/"),
                       ("account_logout", "/accounts/logout/"), ("account_reset_password", "/accounts/password/reset/")]:
        assert reverse(name) == path
    html = client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in html  # the site's own layout
    assert "登录" in html


def test_signup_sends_a_confirmation_email_and_confirming_lets_the_resident_log_in(client, grid, mailoutbox, mail_now):
    response = mail_now(signup, client, display_name="张先生", area=grid.pk)

    assert response.status_code == 302
    user = User.objects.get(email="zhang@example.com")
    assert not user.is_staff and not user.is_superuser
    profile = ResidentProfile.objects.get(user=user)
    assert (profile.display_name, profile.area) == ("张先生", grid)
    assert Notification.objects.filter(recipient="zhang@example.com").exists()  # through the outbox
    assert len(mailoutbox) == 1

    # Not confirmed yet: logging in asks to confirm first.
    client.logout()
    client.post(reverse("account_login"), {"login": "zhang@example.com", "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    link = confirmation_link(mailoutbox[0])
    client.post(link)
    assert user.emailaddress_set.get().verified

    client.post(reverse("account_login"), {"login": "zhang@example.com", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_without_optional_fields_works(client, db, mail_now):
    assert signup(client, email="li@example.com").status_code == 302
    assert User.objects.filter(email="li@example.com").exists()


def test_logout_needs_a_post(client, alice_resident):
    client.force_login(alice_resident)
    assert client.get(reverse("account_logout")).status_code == 200
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link(client, alice_resident, mailoutbox, mail_now):
    mail_now(client.post, reverse("account_reset_password"), {"email": alice_resident.email})

    assert mailoutbox and mailoutbox[0].to == [alice_resident.email]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_the_profile_page_needs_login_and_edits_the_profile(client, alice_resident, grid):
    assert client.get(reverse("resident_profile")).status_code == 302
    client.force_login(alice_resident)

    client.post(reverse("resident_profile"), {"display_name": "小王", "area": grid.pk, "notify_replies": "on"})

    profile = ResidentProfile.objects.get(user=alice_resident)
    assert (profile.display_name, profile.area, profile.notify_replies) == ("小王", grid, True)
    assert "小王" in client.get(reverse("resident_profile")).content.decode()


def test_the_profile_lists_the_residents_own_comments(client, alice_resident, news_section):
    from engagement.comments import services
    from engagement.comments.models import CommentSettings
    from tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=news_section, slug="a1")
    settings_obj = CommentSettings.for_site(article.get_site())
    services.post_comment(article, "我的第一条评论", user=alice_resident, comment_settings=settings_obj)
    client.force_login(alice_resident)

    html = client.get(reverse("resident_profile")).content.decode()

    assert "我的第一条评论" in html
    assert article.title in html


def test_other_apps_add_panels_to_the_profile(client, alice_resident):
    from django.utils.safestring import mark_safe
    from wagtail import hooks

    client.force_login(alice_resident)
    with hooks.register_temporarily(PROFILE_PANELS, lambda user, request: mark_safe("<p>我的投票</p>")):
        assert "<p>我的投票</p>" in client.get(reverse("resident_profile")).content.decode()


def test_residents_never_get_into_the_admin(client, alice_resident):
    client.force_login(alice_resident)

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not alice_resident.has_perm("wagtailadmin.access_admin")


def test_a_signup_cannot_make_itself_staff(client, db, mail_now):
    signup(client, email="sneaky@example.com", is_staff="on", is_superuser="on")
    user = User.objects.get(email="sneaky@example.com")
    assert not user.is_staff and not user.is_superuser


def test_is_verified_organisation_asks_the_verification_record(alice_resident, moderator):
    import datetime

    from django.utils import timezone

    from engagement.residents import organisations

    assert not is_verified_organisation(alice_resident)
    organisations.verify(alice_resident, name="幸福社区社工服务站", kind="community",
                         registration_number="52110101MJ0000003X",
                         valid_until=timezone.localdate() + datetime.timedelta(days=30), by=moderator)
    assert is_verified_organisation(User.objects.get(pk=alice_resident.pk))


def test_a_resident_is_shown_by_their_display_name(alice_resident):
    ResidentProfile.objects.create(user=alice_resident, display_name="王阿姨")
    assert public_name(User.objects.get(pk=alice_resident.pk)) == "王阿姨"


def test_without_a_display_name_no_part_of_the_email_is_shown(client, db, mail_now):
    mail_now(signup, client, email="wang.xiaoming@example.com")  # no display name given
    user = User.objects.get(email="wang.xiaoming@example.com")
    assert "wang" in user.get_username()  # allauth makes the username from the email

    with translation.override("zh-hans"):
        assert public_name(user) == f"居民 {user.pk}"
    with translation.override("en"):
        assert public_name(user) == f"Resident {user.pk}"
        assert str(ResidentProfile.objects.get(user=user)) == f"Resident {user.pk}"


def test_an_account_without_a_profile_is_not_shown_by_its_email(db):
    user = UserFactory(username="li.si", email="li.si@example.com")
    with translation.override("en"):
        assert public_name(user) == f"Resident {user.pk}"
    assert not ResidentProfile.objects.filter(user=user).exists()


def test_account_pages_are_in_english_under_en(client, db):
    html = client.get("/en/accounts/login/").content.decode()
    assert "Sign In" in html
