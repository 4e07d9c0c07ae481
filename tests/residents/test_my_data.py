"""Residents' rights under the PIPL: download my data (JSON and CSV, nobody else's) and delete my
account (anonymise or remove what I wrote)."""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from engagement.demands.models import DemandSupport
from engagement.polls.models import Ballot
from engagement.ratings.models import PolicyRating
from engagement.residents import rights
from engagement.residents.models import Consent, DeletionRecord, ResidentProfile
from tests.comments.factories import comment as post_comment
from tests.demands.factories import CONTACT, make_demand
from tests.polls.factories import PollFactory

from .rights import EMPTY_CONTACT, PASSWORD, contact_of

pytestmark = pytest.mark.usefixtures("clear_rate_limits")

User = get_user_model()


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
