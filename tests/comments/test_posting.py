"""Posting comments and replies: who may post, what text is accepted, how it is shown."""

import pytest
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from engagement.comments.models import CommentModeration
from tests.comments.factories import comment, site_settings


def post(client, page, text, **extra):
    return client.post(reverse("comments:post", args=[page.pk]), {"comment": text, **extra})


def test_a_resident_posts_a_comment_that_appears_under_the_article(alice_client, article):
    response = post(alice_client, article, "错时共享停车这个办法很好！")

    created = XtdComment.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#comment-{created.pk}")
    page = alice_client.get(article.url)
    assert "错时共享停车这个办法很好！" in page.content.decode()
    assert "王阿姨" in page.content.decode()
    assert created.moderation.state == CommentModeration.State.APPROVED


def test_comments_appear_under_policy_pages_too(alice_client, policy):
    post(alice_client, policy, "希望多举办宣传活动。")
    assert "希望多举办宣传活动。" in alice_client.get(policy.url).content.decode()


def test_a_visitor_must_log_in_to_comment(client, article):
    response = post(client, article, "匿名评论")

    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert not XtdComment.objects.exists()
    assert "登录" in client.get(article.url).content.decode() or "Log in" in client.get(article.url).content.decode()


def test_comments_closed_by_the_editor_refuse_new_comments(alice_client, article):
    article.comments_open = False
    article.save_revision().publish()

    post(alice_client, article, "还能评论吗？")

    assert not XtdComment.objects.exists()
    assert 'id="comment-form"' not in alice_client.get(article.url).content.decode()


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_an_empty_comment_is_refused_with_a_message(alice_client, article, text):
    response = post(alice_client, article, text)

    assert response.status_code == 400
    assert not XtdComment.objects.exists()
    assert "comment-form__error" in response.content.decode()


def test_a_comment_of_2000_characters_is_accepted_and_2001_refused(alice_client, article):
    assert post(alice_client, article, "好" * 2000).status_code == 302
    response = post(alice_client, article, "好" * 2001)

    assert response.status_code == 400
    assert XtdComment.objects.count() == 1
    assert "2000" in response.content.decode()


XSS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "<a href=\"javascript:alert(1)\">点我</a>",
    "<svg/onload=alert(1)>",
]


@pytest.mark.parametrize("payload", XSS)
def test_xss_payloads_render_escaped(alice_client, article, payload):
    post(alice_client, article, payload)

    html = alice_client.get(article.url).content.decode()
    assert payload not in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg/onload" not in html
    assert "&lt;" in html


def test_links_become_nofollow_ugc_noopener_and_line_breaks_are_kept(alice_client, article):
    post(alice_client, article, "详见 https://example.gov.cn/notice?id=1&a=2\n第二行")

    html = alice_client.get(article.url).content.decode()
    assert '<a rel="nofollow ugc noopener" target="_blank" href="https://example.gov.cn/notice?id=1&amp;a=2">' in html
    assert "<br>第二行" in html


def test_a_reply_is_nested_under_its_parent(alice_client, article, bob):
    parent = comment(article, bob, "停车位够吗？")

    post(alice_client, article, "够的，晚上空位很多。", parent=parent.pk)

    reply = XtdComment.objects.exclude(pk=parent.pk).get()
    assert (reply.parent_id, reply.thread_id, reply.level) == (parent.pk, parent.pk, 1)
    html = alice_client.get(article.url).content.decode()
    assert html.index("停车位够吗？") < html.index("够的，晚上空位很多。")
    assert f'class="comment comment--level-1" id="comment-{reply.pk}"' in html


def test_replies_stop_at_the_configured_depth(alice_client, article, bob, settings):
    settings.COMMENTS_XTD_MAX_THREAD_LEVEL = 2
    level0 = comment(article, bob, "第一层")
    level1 = comment(article, bob, "第二层", parent=level0)
    level2 = comment(article, bob, "第三层", parent=level1)

    response = post(alice_client, article, "第四层", parent=level2.pk)

    assert response.status_code == 400
    assert not XtdComment.objects.filter(comment="第四层").exists()
    html = alice_client.get(article.url).content.decode()
    assert reverse("comments:reply", args=[level1.pk]) in html
    assert reverse("comments:reply", args=[level2.pk]) not in html


def test_threads_are_oldest_first_and_paginated(alice_client, article, bob, settings):
    settings.COMMENTS_PAGE_SIZE = 2
    for n in range(3):
        comment(article, bob, f"评论编号{n}")

    first = alice_client.get(article.url).content.decode()
    second = alice_client.get(article.url + "?comments_page=2").content.decode()

    assert first.index("评论编号0") < first.index("评论编号1")
    assert "评论编号2" not in first
    assert "评论编号2" in second and "评论编号0" not in second


def test_the_honeypot_refuses_bots(alice_client, article):
    response = post(alice_client, article, "买药请加微信", website="http://spam.example")

    assert response.status_code == 400
    assert not XtdComment.objects.exists()


def test_posting_needs_the_csrf_token(article, alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = post(strict, article, "没有令牌")

    assert response.status_code == 403
    assert not XtdComment.objects.exists()


def test_the_reply_page_works_without_javascript(alice_client, article, bob):
    parent = comment(article, bob, "大家怎么看？")

    response = alice_client.get(reverse("comments:reply", args=[parent.pk]))

    assert response.status_code == 200
    assert f'name="parent" value="{parent.pk}"' in response.content.decode()


def test_a_resident_who_opted_in_is_emailed_about_replies(article, alice, bob, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        parent = comment(article, alice, "有人知道开放时间吗？")
        parent.followup = True
        parent.save(update_fields=["followup"])
        comment(article, bob, "早上七点到晚上十点。", parent=parent)

    assert [m.to for m in mailoutbox] == [["alice@example.com"]]
    assert "早上七点到晚上十点。" in mailoutbox[0].body


def test_no_reply_email_without_opting_in(article, alice, bob, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        parent = comment(article, alice, "有人知道开放时间吗？")
        comment(article, bob, "早上七点。", parent=parent)

    assert mailoutbox == []


def test_rendering_takes_the_same_number_of_queries_for_more_comments(alice_client, article, bob,
                                                                       django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alice_client.get(article.url)  # warm Wagtail's site-root cache
    parent = comment(article, bob, "第一条")  # each new comment purges what was kept for the page: both renders
    comment(article, alice_client_user(alice_client), "回复", parent=parent)  # below read the threads anew
    with CaptureQueriesContext(connection) as few:
        alice_client.get(article.url)
    for n in range(15):
        root = comment(article, bob, f"更多评论{n}")
        comment(article, alice_client_user(alice_client), f"更多回复{n}", parent=root)
    with CaptureQueriesContext(connection) as many:
        alice_client.get(article.url)

    assert [q["sql"][:60] for q in many.captured_queries] == [q["sql"][:60] for q in few.captured_queries]


def alice_client_user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="alice")
