"""Rules that hold a comment for review, pre/post moderation, reports, rate limits and blocks."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from engagement.comments import services
from engagement.comments.models import (
    CommentModeration,
    CommentReport,
    HoldRule,
    ModerationMode,
    SectionModeration,
    SensitiveWord,
)
from engagement.residents.models import profile_for
from tests.comments.factories import comment, make_resident, site_settings


def post(client, page, text, **extra):
    return client.post(reverse("comments:post", args=[page.pk]), {"comment": text, **extra})


def held(comment_obj):
    comment_obj.refresh_from_db()
    return (not comment_obj.is_public, comment_obj.moderation.state, comment_obj.moderation.rule)


def test_post_moderation_publishes_at_once_by_default(article, alice):
    created = comment(article, alice, "支持！")
    assert created.is_public and created.moderation.state == CommentModeration.State.APPROVED


def test_a_pre_moderated_section_holds_every_comment(article, alice, news_section, alice_client):
    SectionModeration.objects.create(section=news_section, mode=ModerationMode.PRE)

    response = post(alice_client, article, "先审后发的评论")

    created = XtdComment.objects.get()
    assert held(created) == (True, "pending", HoldRule.PRE_MODERATION)
    assert "先审后发的评论" not in alice_client.get(article.url).content.decode()
    assert response.status_code == 302


def test_a_chinese_sensitive_word_holds_a_comment_as_a_substring(article, alice):
    SensitiveWord.objects.create(word="赌博")
    assert held(comment(article, alice, "小区里有人搞网络赌博活动"))[2] == HoldRule.SENSITIVE_WORD


def test_an_english_sensitive_word_matches_whole_words_case_insensitively(article, alice):
    SensitiveWord.objects.create(word="casino")
    assert held(comment(article, alice, "Try the new CASINO tonight"))[2] == HoldRule.SENSITIVE_WORD
    assert comment(article, alice, "casinos and occasional things").is_public


def test_too_many_links_hold_a_comment(article, alice):
    text = "看 https://a.example 和 https://b.example 还有 https://c.example"
    assert held(comment(article, alice, text))[2] == HoldRule.TOO_MANY_LINKS
    assert comment(article, alice, "只有 https://a.example 一个链接").is_public


def test_a_new_account_is_held_when_the_rule_is_on(article):
    settings_obj = site_settings()
    settings_obj.min_account_age_hours = 24
    settings_obj.save()
    newcomer = make_resident("newcomer", hours_old=1)
    veteran = make_resident("veteran", hours_old=48)

    assert held(comment(article, newcomer, "第一次评论"))[2] == HoldRule.NEW_ACCOUNT
    assert comment(article, veteran, "老用户评论").is_public


def test_reports_from_k_residents_send_a_published_comment_back_to_review(article, alice):
    settings_obj = site_settings()
    settings_obj.flags_to_hold = 2
    settings_obj.save()
    target = comment(article, alice, "有争议的评论")
    first, second = make_resident("r1"), make_resident("r2")

    services.report(target, first, CommentReport.Reason.SPAM, comment_settings=settings_obj)
    assert XtdComment.objects.get(pk=target.pk).is_public
    services.report(target, second, CommentReport.Reason.ABUSE, comment_settings=settings_obj)

    assert held(target) == (True, "pending", HoldRule.FLAGS)


def test_a_resident_can_report_a_comment_only_once(article, alice, bob):
    target = comment(article, alice, "评论")
    services.report(target, bob, CommentReport.Reason.OFF_TOPIC, comment_settings=site_settings())

    with pytest.raises(services.CommentRefused):
        services.report(target, bob, CommentReport.Reason.SPAM, comment_settings=site_settings())
    assert CommentReport.objects.count() == 1


def test_reporting_through_the_site_needs_a_reason(client, article, alice, bob):
    target = comment(article, alice, "评论")
    client.force_login(bob)

    missing = client.post(reverse("comments:report", args=[target.pk]), {})
    done = client.post(reverse("comments:report", args=[target.pk]), {"reason": "private_info"})

    assert missing.status_code == 400
    assert done.status_code == 302
    assert CommentReport.objects.get().reason == "private_info"
    assert "已举报" in client.get(article.url).content.decode() or "Reported" in client.get(article.url).content.decode()


def test_likes_are_counted_once_per_resident_and_can_be_taken_back(client, article, alice, bob):
    target = comment(article, alice, "点赞我")
    client.force_login(bob)
    url = reverse("comments:like", args=[target.pk])

    client.post(url)
    html = client.get(article.url).content.decode()
    assert 'aria-pressed="true"' in html
    assert target.reactions.count() == 1
    client.post(url)
    assert target.reactions.count() == 0


def test_a_resident_cannot_like_their_own_comment(alice_client, article, alice):
    target = comment(article, alice, "自己的评论")
    alice_client.post(reverse("comments:like", args=[target.pk]))
    assert target.reactions.count() == 0


def test_the_rate_limit_answers_429_with_a_message(alice_client, article):
    for n in range(5):
        assert post(alice_client, article, f"第{n}条").status_code == 302

    response = post(alice_client, article, "第六条")

    assert response.status_code == 429
    assert XtdComment.objects.count() == 5
    assert "5" in response.content.decode() and "10" in response.content.decode()


def test_the_rate_limit_also_counts_per_ip(client, article, alice, bob):
    settings_obj = site_settings()
    settings_obj.rate_limit_count = 2
    settings_obj.save()
    client.force_login(alice)
    post(client, article, "一", REMOTE_ADDR="10.0.0.9")
    post(client, article, "二")
    client.force_login(bob)

    assert post(client, article, "三").status_code == 429


def test_a_blocked_author_cannot_post(alice_client, article, alice):
    profile = profile_for(alice)
    profile.commenting_blocked_until = timezone.now() + timedelta(days=3)
    profile.save()

    response = post(alice_client, article, "被封禁后评论")

    assert response.status_code == 403
    assert not XtdComment.objects.exists()
    assert "comments__notice" in alice_client.get(article.url).content.decode()


def test_a_block_that_ended_lets_the_author_post_again(alice_client, article, alice):
    profile = profile_for(alice)
    profile.commenting_blocked_until = timezone.now() - timedelta(minutes=1)
    profile.save()

    assert post(alice_client, article, "解封了").status_code == 302
    assert XtdComment.objects.exists()


def test_anonymous_comments_need_the_setting_and_an_email_confirmation(client, article, mailoutbox,
                                                                       django_capture_on_commit_callbacks):
    settings_obj = site_settings()
    settings_obj.allow_anonymous = True
    settings_obj.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article, "路人的评论", name="路人甲", email="passer@example.com")

    assert response.status_code == 200
    assert not XtdComment.objects.exists()
    assert mailoutbox[0].to == ["passer@example.com"]
    link = next(line for line in mailoutbox[0].body.splitlines() if "/comments/confirm/" in line).strip()
    assert link.startswith("http://127.0.0.1:8000/")  # the public address (SITE_URL), not the request's host
    path = link.removeprefix("http://127.0.0.1:8000")

    client.get(path)
    client.get(path)  # a second click does not post twice

    created = XtdComment.objects.get()
    assert (created.user_id, created.user_name, created.is_public) == (None, "路人甲", True)
    assert "路人的评论" in client.get(article.url).content.decode()


def test_a_forged_confirmation_link_is_refused(client, article):
    response = client.get(reverse("comments:confirm", args=["not-a-signed-key"]))
    assert response.status_code == 400
    assert not XtdComment.objects.exists()


def test_a_reply_to_a_held_comment_is_hidden_with_it(article, alice, bob, client):
    parent = comment(article, alice, "被举报的评论")
    reply = comment(article, bob, "它下面的回复", parent=parent)
    services.reject(parent, by=None, reason="不实信息")

    html = client.get(article.url).content.decode()
    assert "它下面的回复" not in html
    assert XtdComment.objects.get(pk=reply.pk).is_public


def test_approving_a_parent_does_not_publish_a_held_reply(article, alice, bob, client):
    SensitiveWord.objects.create(word="赌博")
    parent = comment(article, alice, "评论")
    reply = comment(article, bob, "赌博回复", parent=parent)
    services.reject(parent, by=None, reason="原因")
    services.approve(parent, by=None)

    assert not XtdComment.objects.get(pk=reply.pk).is_public
    assert "赌博回复" not in client.get(article.url).content.decode()


@pytest.mark.postgres
@pytest.mark.skipif("sqlite" in settings.DATABASES["default"]["ENGINE"], reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_in_one_thread_keep_a_consistent_order(news_section):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=news_section, slug="race")
    author = make_resident("racer")
    root = comment(article, author, "根评论")
    children = [comment(article, author, f"子{n}", parent=root) for n in range(2)]
    barrier = threading.Barrier(4)
    errors = []

    def reply_to(parent):
        try:
            barrier.wait()
            comment(article, author, "并发回复", parent=parent)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reply_to, args=(p,)) for p in (root, children[0], children[1], root)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    orders = list(XtdComment.objects.filter(thread_id=root.pk).order_by("order").values_list("order", flat=True))
    assert orders == list(range(1, len(orders) + 1))
