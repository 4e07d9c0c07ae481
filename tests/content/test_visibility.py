"""content.visibility.page_is_viewable: the one answer to "may this request see this page"."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory
from django.utils import timezone

from content.visibility import page_is_viewable, unviewable_page_ids
from tests.factories import ArticlePageFactory, UserFactory
from tests.page_privacy import restrict_to_groups, restrict_to_login, restrict_with_password

pytestmark = pytest.mark.django_db


def request_for(user=None, session=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = {} if session is None else session
    return request


@pytest.fixture
def article(news_section):
    return ArticlePageFactory(parent=news_section)


def test_a_public_live_page_is_viewable_by_anyone(article):
    assert page_is_viewable(article, request_for())


def test_no_page_is_not_viewable():
    assert not page_is_viewable(None, request_for())


def test_an_unpublished_or_expired_page_is_not_viewable(article, news_section):
    expired = ArticlePageFactory(parent=news_section)
    expired.expire_at = timezone.now() - datetime.timedelta(days=1)
    expired.save()
    from wagtail.models import Page

    Page.objects.filter(pk=expired.pk).update(live=False, expired=True)  # what publish_scheduled does
    expired.refresh_from_db()
    article.unpublish()
    article.refresh_from_db()

    assert not page_is_viewable(article, request_for(UserFactory(is_superuser=True)))
    assert not page_is_viewable(expired, request_for())


def test_a_password_needs_the_pass_in_the_session(article):
    restriction = restrict_with_password(article)
    passed = {restriction.passed_view_restrictions_session_key: [restriction.pk]}

    assert not page_is_viewable(article, request_for(UserFactory()))
    assert page_is_viewable(article, request_for(session=passed))

    no_session = RequestFactory().get("/")
    no_session.user = AnonymousUser()
    assert not page_is_viewable(article, no_session)


def test_login_and_group_restrictions(article, news_section):
    member, outsider = UserFactory(), UserFactory()
    group = Group.objects.create(name="网格员")
    member.groups.add(group)
    restrict_to_login(article)
    grouped = ArticlePageFactory(parent=news_section)
    restrict_to_groups(grouped, group)

    assert not page_is_viewable(article, request_for())
    assert page_is_viewable(article, request_for(outsider))
    assert not page_is_viewable(grouped, request_for(outsider))
    assert page_is_viewable(grouped, request_for(member))
    assert page_is_viewable(grouped, request_for(UserFactory(is_superuser=True)))


def test_unviewable_page_ids_asks_page_is_viewable_of_the_suspect_pages_only(article, news_section):
    public = ArticlePageFactory(parent=news_section)
    draft = ArticlePageFactory(parent=news_section)
    draft.unpublish()
    restrict_with_password(article)

    ids = [public.pk, draft.pk, article.pk]
    assert unviewable_page_ids(ids, request_for()) == {draft.pk, article.pk}
