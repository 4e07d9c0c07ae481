"""Comments follow the page's privacy (issue 13): nobody comments, replies, likes or reports on a page
they cannot view — password-protected without the password, login- or group-restricted, unpublished,
deleted — and the comments panel is not rendered for them. content.visibility.page_is_viewable decides."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from engagement.comments.models import CommentReaction, CommentReport
from engagement.comments.panels import page_panel
from tests.comments.factories import comment, site_settings
from tests.page_privacy import assert_refused, enter_password, restrict_to_groups, restrict_to_login, restrict_with_password

pytestmark = pytest.mark.django_db


def post(client, page_id, text="我也来说两句", **extra):
    return client.post(reverse("comments:post", args=[page_id]), {"comment": text, **extra})


# --- posting -----------------------------------------------------------------------------------
def test_a_password_page_refuses_a_comment_from_someone_who_never_entered_the_password(alice_client, article):
    restrict_with_password(article)

    response = post(alice_client, article.pk)

    assert_refused(response, article)
    assert not XtdComment.objects.exists()


def test_after_entering_the_password_the_comment_is_accepted(alice_client, article):
    restriction = restrict_with_password(article)
    enter_password(alice_client, restriction, article)

    response = post(alice_client, article.pk, "输入密码之后再评论")

    created = XtdComment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{created.pk}")
    assert created.comment == "输入密码之后再评论"


def test_a_password_on_an_ancestor_protects_the_pages_below_it(alice_client, article, news_section):
    restrict_with_password(news_section)

    assert_refused(post(alice_client, article.pk), article)
    assert not XtdComment.objects.exists()


def test_a_reply_on_a_password_page_is_refused_too(alice_client, bob, article):
    parent = comment(article, bob, "原帖")
    restrict_with_password(article)

    response = post(alice_client, article.pk, "回复", parent=parent.pk)

    assert_refused(response, article)
    assert XtdComment.objects.count() == 1
    assert alice_client.get(reverse("comments:reply", args=[parent.pk])).status_code == 302


def test_a_login_restricted_page_refuses_an_anonymous_comment_even_when_anonymous_comments_are_on(client, article):
    settings_obj = site_settings()
    settings_obj.allow_anonymous = True
    settings_obj.save()
    restrict_to_login(article)

    response = post(client, article.pk, name="路人甲", email="passer@example.com")

    assert_refused(response, article)
    assert not XtdComment.objects.exists()


def test_a_login_restricted_page_accepts_a_logged_in_resident(alice_client, article):
    restrict_to_login(article)

    assert post(alice_client, article.pk).status_code == 302
    assert XtdComment.objects.count() == 1


def test_a_group_restricted_page_refuses_a_plain_resident_and_accepts_a_member(alice_client, alice, article):
    group = Group.objects.create(name="社区议事会")
    restrict_to_groups(article, group)

    assert_refused(post(alice_client, article.pk), article)
    assert not XtdComment.objects.exists()

    alice.groups.add(group)
    assert post(alice_client, article.pk).status_code == 302
    assert XtdComment.objects.count() == 1


def test_an_unpublished_page_is_404_and_takes_no_comment(alice_client, article):
    article.unpublish()

    assert post(alice_client, article.pk).status_code == 404
    assert not XtdComment.objects.exists()


def test_a_page_id_that_does_not_exist_is_404(alice_client, article):
    missing = article.pk + 1000

    assert post(alice_client, missing).status_code == 404
    article.delete()
    assert post(alice_client, article.pk).status_code == 404
    assert not XtdComment.objects.exists()


def test_an_emailed_confirmation_for_a_page_that_became_private_publishes_nothing(
        client, article, mailoutbox, django_capture_on_commit_callbacks):
    settings_obj = site_settings()
    settings_obj.allow_anonymous = True
    settings_obj.save()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article.pk, "路人的评论", name="路人甲", email="passer@example.com")
    link = next(line for line in mailoutbox[0].body.splitlines() if "/comments/confirm/" in line).strip()
    restrict_to_login(article)

    response = client.get(link.removeprefix("http://127.0.0.1:8000"))

    assert_refused(response, article)
    assert not XtdComment.objects.exists()


# --- reactions and reports -------------------------------------------------------------------
def test_a_like_on_a_comment_of_a_password_page_is_refused(alice_client, bob, article):
    target = comment(article, bob, "别人的评论")
    restrict_with_password(article)

    response = alice_client.post(reverse("comments:like", args=[target.pk]))

    assert_refused(response, article)
    assert not CommentReaction.objects.exists()


def test_a_like_after_entering_the_password_counts(alice_client, bob, article):
    target = comment(article, bob, "别人的评论")
    restriction = restrict_with_password(article)
    enter_password(alice_client, restriction, article)

    alice_client.post(reverse("comments:like", args=[target.pk]))

    assert CommentReaction.objects.filter(comment=target).count() == 1


def test_a_report_on_a_comment_of_a_group_restricted_page_is_refused(alice_client, bob, article):
    target = comment(article, bob, "别人的评论")
    restrict_to_groups(article, Group.objects.create(name="社区议事会"))

    response = alice_client.post(reverse("comments:report", args=[target.pk]), {"reason": "spam"})

    assert_refused(response, article)
    assert alice_client.get(reverse("comments:report", args=[target.pk])).status_code == 302
    assert not CommentReport.objects.exists()


def test_a_like_or_report_on_a_comment_of_an_unpublished_page_is_404(alice_client, bob, article):
    target = comment(article, bob, "别人的评论")
    article.unpublish()

    assert alice_client.post(reverse("comments:like", args=[target.pk])).status_code == 404
    assert alice_client.post(reverse("comments:report", args=[target.pk]), {"reason": "spam"}).status_code == 404
    assert not CommentReaction.objects.exists() and not CommentReport.objects.exists()


# --- the panel -------------------------------------------------------------------------------
def _request(page, user=None, session=None):
    request = RequestFactory().get(page.url)
    request.user = user or AnonymousUser()
    request.session = session if session is not None else {}
    return request


def test_the_comments_panel_is_not_rendered_to_whoever_cannot_view_the_page(alice, bob, article):
    comment(article, bob, "私密页面下的评论")
    restriction = restrict_with_password(article)

    assert page_panel(article, _request(article, alice)) is None

    passed = {restriction.passed_view_restrictions_session_key: [restriction.pk]}
    assert "私密页面下的评论" in page_panel(article, _request(article, alice, passed))


def test_the_comments_panel_is_not_rendered_for_an_anonymous_visitor_of_a_login_page(alice, bob, article):
    comment(article, bob, "登录可见的评论")
    restrict_to_login(article)

    assert page_panel(article, _request(article)) is None
    assert "登录可见的评论" in page_panel(article, _request(article, alice))


def test_the_comments_panel_is_not_rendered_under_an_unpublished_page(alice, bob, article):
    comment(article, bob, "撤稿前的评论")
    article.unpublish()
    article.refresh_from_db()

    assert page_panel(article, _request(article, alice)) is None


def test_the_page_itself_keeps_its_comments_behind_the_password(client, alice, bob, article):
    comment(article, bob, "密码后面的评论")
    restriction = restrict_with_password(article)

    assert "密码后面的评论" not in client.get(article.url).content.decode()
    enter_password(client, restriction, article)
    assert "密码后面的评论" in client.get(article.url).content.decode()


def test_a_reply_posted_to_a_public_page_with_a_parent_from_a_private_page_is_refused(alice_client, bob, article,
                                                                                      news_section):
    from tests.factories import ArticlePageFactory

    private = ArticlePageFactory(parent=news_section, title="内部讨论", slug="internal")
    secret = comment(private, bob, "私密页面下的评论")
    restrict_with_password(private)

    response = post(alice_client, article.pk, "借公开页面回复", parent=secret.pk)

    assert response.status_code == 400
    assert XtdComment.objects.count() == 1
