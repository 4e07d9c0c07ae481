"""Residents' rights under the PIPL: the privacy notice and consent, download my data, delete my account,
and the retention job that erases the contact details of long-closed demands."""

import csv
import io
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from engagement.demands.forms import CommentDemandForm, DemandForm, StaffDemandForm
from engagement.demands.models import Demand, DemandContact, DemandSupport
from engagement.polls.models import Ballot
from engagement.ratings.models import PolicyRating
from engagement.residents import rights
from engagement.residents.models import (
    Consent,
    DeletionRecord,
    PrivacyNotice,
    PrivacyNoticeVersion,
    ResidentProfile,
    RetentionRun,
)
from tests.comments.factories import comment as post_comment
from tests.comments.factories import make_resident
from tests.demands.factories import CONTACT, make_demand
from tests.polls.factories import PollFactory

pytestmark = pytest.mark.usefixtures("clear_rate_limits")

User = get_user_model()
PASSWORD = "Zhong-guo-2026!"
PRIVACY_URL = "/privacy/"
EMPTY_CONTACT = {"name": "", "phone": "", "email": "", "address": ""}


@pytest.fixture
def notice(db):
    notice = PrivacyNotice.load()
    notice.body = "<p>共治平台只为处理诉求收集您的联系方式。</p>"
    notice.save()
    return notice


@pytest.fixture
def alice(db):
    user = make_resident("alice", display_name="王阿姨")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def bob(db):
    return make_resident("bob", display_name="李师傅")


def contact_of(demand):
    return {k: getattr(DemandContact.objects.get(demand=demand), k) for k in EMPTY_CONTACT}


def form_html(html, marker):
    """The <form> element of `html` that contains `marker` (e.g. its class or id)."""
    for form in re.findall(r"<form\b.*?</form>", html, flags=re.DOTALL):
        if marker in form:
            return form
    raise AssertionError(f"no form with {marker!r}")


# -- The privacy notice and consent ------------------------------------------------------------------

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


# -- Download my data ---------------------------------------------------------------------------------

@pytest.fixture
def alice_data(alice, bob, article, policy, topic):
    """Alice and Bob each comment, vote, rate a policy and submit a demand."""
    post_comment(article, alice, "错时共享停车这个办法很好！")
    post_comment(article, bob, "鲍勃的评论，不属于爱丽丝。")
    poll = PollFactory(question="您支持错时共享停车吗？")
    choice = poll.choices.first()
    poll.cast_vote([choice.pk], user=alice)
    poll.cast_vote([choice.pk], user=bob)
    PolicyRating.objects.create(page=policy, user=alice, score=4, satisfaction="satisfied", reason="讲得清楚")
    PolicyRating.objects.create(page=policy, user=bob, score=1, satisfaction="dissatisfied", reason="鲍勃的理由")
    mine = make_demand(topic, author=alice, title="爱丽丝的诉求")
    rights.record_consent(purpose=Consent.Purpose.DEMAND, user=alice, demand=mine)
    theirs = make_demand(topic, author=bob, title="鲍勃的诉求",
                         contact={"name": "李鲍勃", "phone": "13800000000", "email": "", "address": ""})
    DemandSupport.objects.create(demand=theirs, user=alice)
    return {"poll": poll, "mine": mine, "theirs": theirs}


def test_download_holds_the_residents_own_data_and_nobody_elses(client, alice, alice_data):
    client.force_login(alice)
    response = client.get(reverse("resident_data_json"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "alice@example.com" and data["account"]["display_name"] == "王阿姨"
    assert [c["text"] for c in data["comments"]] == ["错时共享停车这个办法很好！"]
    assert [b["poll"] for b in data["ballots"]] == ["您支持错时共享停车吗？"]
    assert [(r["policy"], r["score"], r["reason"]) for r in data["policy_ratings"]] == [("垃圾分类政策解读", 4, "讲得清楚")]
    assert [d["title"] for d in data["demands"]] == ["爱丽丝的诉求"]
    assert data["demands"][0]["contact"] == CONTACT  # the contact details of their own demand
    assert [s["demand"] for s in data["demand_supports"]] == [alice_data["theirs"].tracking_number]
    assert [(c["for"], c["demand"]) for c in data["consents"]] == [("demand", alice_data["mine"].tracking_number)]
    text = response.content.decode()
    for others in ("鲍勃", "李师傅", "bob@example.com", "13800000000"):
        assert others not in text


def test_download_as_csv_holds_the_same_data(client, alice, alice_data):
    client.force_login(alice)
    response = client.get(reverse("resident_data_csv"))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    values = {(r["section"], r["field"]): r["value"] for r in rows}
    assert values[("demands", "contact.phone")] == CONTACT["phone"]
    assert values[("comments", "text")] == "错时共享停车这个办法很好！"
    assert values[("policy_ratings", "reason")] == "讲得清楚"
    assert "鲍勃" not in text and "13800000000" not in text


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    for name in ("resident_data_json", "resident_data_csv", "resident_delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_downloads_are_rate_limited(client, alice):
    client.force_login(alice)
    codes = [client.get(reverse("resident_data_json")).status_code for _ in range(11)]
    assert codes[:10] == [200] * 10 and codes[10] == 429


# -- Delete my account --------------------------------------------------------------------------------

def test_deleting_needs_the_password(client, alice):
    client.force_login(alice)
    response = client.post(reverse("resident_delete"), {"password": "wrong", "comments": "anonymise"})

    assert response.status_code == 200 and User.objects.filter(pk=alice.pk).exists()
    assert not DeletionRecord.objects.exists()


def test_deleting_with_anonymise_keeps_the_comments_as_deleted_account(client, alice, alice_data, article):
    mine, theirs = alice_data["mine"], alice_data["theirs"]
    client.force_login(alice)
    assert client.get(reverse("resident_delete")).status_code == 200
    response = client.post(reverse("resident_delete"), {"password": PASSWORD, "comments": "anonymise"})

    assert response.status_code == 200 and "账户已注销" in response.content.decode()
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not ResidentProfile.objects.filter(user_id=alice.pk).exists()
    kept = XtdComment.norel_objects.get(comment="错时共享停车这个办法很好！")
    assert (kept.user_id, kept.user_name, kept.user_email, kept.ip_address) == (None, "已注销用户", "", None)
    page = client.get(article.url).content.decode()
    assert "错时共享停车这个办法很好！" in page and "已注销用户" in page and "王阿姨" not in page

    # Demands stay in the public record, unlinked and without contact details; others' demands untouched.
    mine.refresh_from_db()
    assert mine.author is None and contact_of(mine) == EMPTY_CONTACT
    assert contact_of(theirs)["phone"] == "13800000000"
    # Ballots stay in the results, anonymous; policy ratings and support are removed.
    assert alice_data["poll"].ballots.count() == 2 and Ballot.objects.filter(user__isnull=True).count() == 1
    assert list(PolicyRating.objects.values_list("reason", flat=True)) == ["鲍勃的理由"]
    assert not DemandSupport.objects.exists()
    # The consent given with the demand stays with it, unlinked.
    assert Consent.objects.get().demand == mine and Consent.objects.get().user is None

    record = DeletionRecord.objects.get()
    assert record.comments == "anonymise"
    assert record.counts["comments_anonymised"] == 1 and record.counts["demand_contacts_erased"] == 1
    assert record.counts["ballots_anonymised"] == 1 and record.counts["policy_ratings_removed"] == 1
    audit = json.dumps(record.counts, ensure_ascii=False) + str(record)
    assert "alice" not in audit and "王阿姨" not in audit
    assert {f.name for f in DeletionRecord._meta.get_fields()} == {"id", "deleted_at", "comments", "counts"}


def test_deleting_with_remove_removes_the_comments(client, alice, alice_data, article):
    client.force_login(alice)
    client.post(reverse("resident_delete"), {"password": PASSWORD, "comments": "remove"})

    assert not User.objects.filter(pk=alice.pk).exists()
    assert not XtdComment.norel_objects.filter(comment="错时共享停车这个办法很好！").exists()
    assert XtdComment.norel_objects.filter(comment="鲍勃的评论，不属于爱丽丝。").exists()
    alice_data["mine"].refresh_from_db()
    assert alice_data["mine"].author is None and contact_of(alice_data["mine"]) == EMPTY_CONTACT
    assert DeletionRecord.objects.get().counts["comments_removed"] == 1


def test_a_removed_comment_that_others_answered_stays_as_a_placeholder(alice, bob, article):
    root = post_comment(article, alice, "我先说：这里停车太难了。")
    reply = post_comment(article, bob, "同意楼上。", parent=root)
    lone = post_comment(article, alice, "另一条没人回复的评论。")

    record = rights.delete_account(alice, comments=rights.REMOVE)

    assert not XtdComment.norel_objects.filter(pk=lone.pk).exists()
    placeholder = XtdComment.norel_objects.get(pk=root.pk)
    assert "这里停车太难了" not in placeholder.comment and placeholder.user_id is None
    assert placeholder.user_name == "已注销用户"
    assert XtdComment.norel_objects.get(pk=reply.pk).comment == "同意楼上。"
    assert (record.counts["comments_removed"], record.counts["comments_left_as_placeholders"]) == (1, 1)


# -- The retention job ---------------------------------------------------------------------------------

@pytest.fixture
def finished(topic):
    """Demands finished at different times, and an open one."""
    now = timezone.now()

    def demand(title, status, closed_days_ago):
        d = make_demand(topic, title=title)
        Demand.objects.filter(pk=d.pk).update(
            status=status, closed_at=None if closed_days_ago is None else now - timedelta(days=closed_days_ago))
        return d

    return {
        "old_closed": demand("三年前办结", "closed", 3 * 365),
        "old_rejected": demand("三年前驳回", "rejected", 3 * 365),
        "old_merged": demand("三年前合并", "merged", 3 * 365),
        "recent_closed": demand("上个月办结", "closed", 30),
        "old_open": demand("仍在办理", "accepted", None),
    }


def test_the_retention_job_erases_only_long_closed_contacts_and_reports_them(finished):
    out = io.StringIO()
    call_command("erase_closed_contacts", stdout=out)

    for key in ("old_closed", "old_rejected", "old_merged"):
        assert contact_of(finished[key]) == EMPTY_CONTACT, key
    for key in ("recent_closed", "old_open"):
        assert contact_of(finished[key]) == CONTACT, key
    report = out.getvalue()
    assert "erased 3" in report and "closed: 1" in report and "rejected: 1" in report and "merged: 1" in report
    run = RetentionRun.objects.get()
    assert (run.months, run.erased, run.counts) == (24, 3, {"closed": 1, "rejected": 1, "merged": 1})
    assert finished["old_closed"].tracking_number in run.tracking_numbers

    call_command("erase_closed_contacts", stdout=io.StringIO())  # nothing left to erase
    assert RetentionRun.objects.first().erased == 0


def test_a_dry_run_changes_nothing(finished):
    out = io.StringIO()
    call_command("erase_closed_contacts", "--dry-run", stdout=out)

    assert "would erase 3" in out.getvalue() and "closed: 1" in out.getvalue()
    assert all(contact_of(d) == CONTACT for d in finished.values())
    assert not RetentionRun.objects.exists()


def test_months_come_from_the_option_or_the_setting(finished, settings):
    call_command("erase_closed_contacts", "--months", "1", stdout=io.StringIO())
    assert contact_of(finished["recent_closed"]) == EMPTY_CONTACT
    assert contact_of(finished["old_open"]) == CONTACT

    settings.GONGZHI_CONTACT_RETENTION_MONTHS = 60
    assert rights.erase_closed_contacts()["months"] == 60


def test_a_merged_demand_keeps_its_contact_while_the_demand_it_joined_is_open(finished):
    Demand.objects.filter(pk=finished["old_merged"].pk).update(merged_into=finished["old_open"])
    result = rights.erase_closed_contacts(dry_run=True)
    assert finished["old_merged"].tracking_number not in result["tracking_numbers"]


def test_months_before_counts_calendar_months():
    tz = ZoneInfo("Asia/Shanghai")
    assert rights.months_before(datetime(2026, 3, 31, 12, tzinfo=tz), 1).date().isoformat() == "2026-02-28"
    assert rights.months_before(datetime(2026, 1, 15, 12, tzinfo=tz), 24).date().isoformat() == "2024-01-15"


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
