"""Residents' rights under the PIPL: the privacy notice (edited by editors, every version kept) and
the consent that signing up and submitting a demand record."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from engagement.demands.forms import CommentDemandForm, DemandForm, StaffDemandForm
from engagement.demands.models import Demand
from engagement.residents.models import Consent, PrivacyNotice, PrivacyNoticeVersion

from .rights import PASSWORD, PRIVACY_URL, form_html

pytestmark = pytest.mark.usefixtures("clear_rate_limits")

User = get_user_model()


def test_the_privacy_notice_shows_the_editors_text_and_its_version(client, notice):
    html = client.get(PRIVACY_URL).content.decode()

    assert "共治平台只为处理诉求收集您的联系方式。" in html
    assert "隐私政策" in html
    assert f"版本 {notice.version}" in html


def test_without_a_text_the_notice_shows_the_built_in_summary(client, db, settings):
    settings.GONGZHI_CONTACT_RETENTION_MONTHS = 18
    html = client.get(PRIVACY_URL).content.decode()
    assert "18" in html and "联系方式" in html


def test_each_change_of_the_text_is_a_new_version_and_every_version_is_kept(notice):
    first = notice.version
    notice.body = "<p>第二版：新增了保存期限。</p>"
    notice.save()
    notice.save()  # saving unchanged makes no new version

    assert notice.version == first + 1
    assert PrivacyNoticeVersion.objects.get(version=first).body == "<p>共治平台只为处理诉求收集您的联系方式。</p>"
    assert PrivacyNoticeVersion.objects.get(version=first + 1).body == "<p>第二版：新增了保存期限。</p>"


def test_the_notice_is_linked_from_signup_the_demand_form_the_comment_form_and_the_profile(client, alice, article,
                                                                                      topic, grid):
    signup = client.get(reverse("account_signup")).content.decode()
    assert PRIVACY_URL in form_html(signup, 'name="password1"')

    client.force_login(alice)
    demand_form = client.get(reverse("demands:new")).content.decode()
    assert PRIVACY_URL in form_html(demand_form, "demand-form")
    assert 'name="privacy_consent"' in demand_form

    page = client.get(article.url).content.decode()
    assert PRIVACY_URL in form_html(page, 'id="comment-form"')

    profile = client.get(reverse("resident_profile")).content.decode()
    assert PRIVACY_URL in form_html(profile, "profile-form")


def test_signup_records_consent_to_the_notice_in_force(client, notice):
    response = client.post(reverse("account_signup"), {
        "email": "zhang@example.com", "password1": PASSWORD, "password2": PASSWORD, "privacy_consent": "on",
    })

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.user == User.objects.get(email="zhang@example.com")
    assert (consent.purpose, consent.notice_version, consent.given_by) == ("account", notice.version, "resident")


def test_signup_without_consent_is_refused(client, db):
    response = client.post(reverse("account_signup"), {
        "email": "zhang@example.com", "password1": PASSWORD, "password2": PASSWORD,
    })

    assert response.status_code == 200
    assert not User.objects.filter(email="zhang@example.com").exists() and not Consent.objects.exists()


def demand_post(topic, grid, **extra):
    return {"topic": topic.pk, "area": grid.pk, "kind": "complaint", "title": "路灯不亮",
            "description": "三号路路灯坏了一周。", "is_public": "1", "contact_name": "张三",
            "contact_phone": "13700000000", **extra}


def test_a_demand_without_the_consent_box_is_refused(client, alice, topic, grid):
    client.force_login(alice)
    response = client.post(reverse("demands:new"), demand_post(topic, grid))

    assert response.status_code == 200
    assert not Demand.objects.exists() and not Consent.objects.exists()
    assert "请阅读隐私政策" in response.content.decode()


def test_submitting_a_demand_records_consent_with_the_demand(client, alice, topic, grid, notice):
    client.force_login(alice)
    response = client.post(reverse("demands:new"), demand_post(topic, grid, privacy_consent="on"))

    demand = Demand.objects.get()
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.user, consent.demand, consent.purpose, consent.notice_version) == (
        alice, demand, "demand", notice.version)


def test_staff_entry_and_forwarded_comments_have_no_consent_box():
    assert "privacy_consent" in DemandForm.base_fields
    assert "privacy_consent" not in StaffDemandForm.base_fields
    assert "privacy_consent" not in CommentDemandForm.base_fields


def test_editors_edit_the_notice_in_the_admin_and_moderators_cannot(client, home, editor, moderator):
    from content.roles import sync_roles

    sync_roles()
    url = reverse("wagtailsettings:edit", args=["residents", "privacynotice", PrivacyNotice.load().pk])
    client.force_login(moderator)
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's "permission denied"

    client.force_login(editor)
    assert client.get(url).status_code == 200
    body = json.dumps({"blocks": [{"key": "a1b2c", "type": "unstyled", "text": "新版隐私政策：联系方式保存两年。", "depth": 0,
                                   "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}})
    response = client.post(url, {"body": body, "effective_date": "2027-01-01"})

    assert response.status_code == 302, response.content.decode()[:2000]
    notice = PrivacyNotice.load()
    assert notice.version == 2 and notice.effective_date.isoformat() == "2027-01-01"
    assert "新版隐私政策：联系方式保存两年。" in client.get(PRIVACY_URL).content.decode()
