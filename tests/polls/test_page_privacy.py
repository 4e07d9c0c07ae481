"""A poll attached to a page follows the page's privacy (issue 13): no vote, no poll page, no listing
and no panel for whoever cannot view the page (content.visibility.page_is_viewable)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory

from engagement.polls.models import Ballot
from engagement.polls.panels import page_polls_panel
from tests.factories import ArticlePageFactory
from tests.page_privacy import assert_refused, enter_password, restrict_to_groups, restrict_to_login, restrict_with_password
from tests.polls.factories import PollFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(news_section):
    return ArticlePageFactory(parent=news_section, title="老旧小区加装电梯", slug="lifts")


@pytest.fixture
def poll(article):
    return PollFactory(page=article, question="您支持本小区加装电梯吗", allow_anonymous=True)


def vote(client, poll, index=0):
    choice = poll.choices.order_by("sort_order")[index].pk
    return client.post(f"/polls/{poll.pk}/vote/", {"choice": [choice]})


def test_a_vote_in_a_poll_on_a_password_page_is_refused_without_the_password(client, resident, poll, article):
    restrict_with_password(article)
    client.force_login(resident)

    assert_refused(vote(client, poll), article)
    assert not Ballot.objects.exists()


def test_an_anonymous_vote_on_a_password_page_is_refused_and_sets_no_cookie(client, poll, article):
    restrict_with_password(article)

    response = vote(client, poll)

    assert_refused(response, article)
    assert "gongzhi_voter" not in response.cookies
    assert not Ballot.objects.exists()


def test_after_entering_the_password_the_vote_counts(client, resident, poll, article):
    restriction = restrict_with_password(article)
    client.force_login(resident)
    enter_password(client, restriction, article)

    vote(client, poll)

    assert Ballot.objects.filter(poll=poll, user=resident).count() == 1


def test_a_login_restricted_page_refuses_an_anonymous_vote(client, poll, article):
    restrict_to_login(article)

    assert_refused(vote(client, poll), article)
    assert not Ballot.objects.exists()


def test_a_group_restricted_page_refuses_a_plain_resident(client, resident, poll, article):
    restrict_to_groups(article, Group.objects.create(name="业主委员会"))
    client.force_login(resident)

    assert_refused(vote(client, poll), article)
    assert not Ballot.objects.exists()


def test_a_poll_on_an_unpublished_page_takes_no_vote_and_has_no_page(client, resident, poll, article):
    article.unpublish()
    client.force_login(resident)

    assert vote(client, poll).status_code == 404
    assert client.get(f"/polls/{poll.pk}/").status_code == 404
    assert not Ballot.objects.exists()


def test_the_poll_page_of_a_restricted_page_sends_the_visitor_to_the_page(client, poll, article):
    restrict_with_password(article)

    response = client.get(f"/polls/{poll.pk}/")

    assert_refused(response, article)


def test_the_poll_list_and_home_page_leave_out_polls_of_pages_the_visitor_cannot_view(client, resident, poll, article,
                                                                                     home):
    public = PollFactory(question="公开的投票")
    restriction = restrict_with_password(article)

    listing = client.get("/polls/").content.decode()
    front = client.get("/").content.decode()
    assert public.question in listing and public.question in front
    assert poll.question not in listing and poll.question not in front

    enter_password(client, restriction, article)
    assert poll.question in client.get("/polls/").content.decode()
    assert poll.question in client.get("/").content.decode()


def test_the_poll_list_leaves_out_closed_and_upcoming_polls_of_unpublished_pages(client, article):
    closed = PollFactory(page=article, question="撤稿页面上已结束的投票", closed=True)
    upcoming = PollFactory(page=article, question="撤稿页面上未开始的投票", upcoming=True)
    article.unpublish()

    html = client.get("/polls/").content.decode()

    assert closed.question not in html and upcoming.question not in html


def _request(page, user=None, session=None):
    request = RequestFactory().get(page.url)
    request.user = user or AnonymousUser()
    request.session = session if session is not None else {}
    request.COOKIES = {}
    return request


def test_the_poll_panel_is_not_rendered_to_whoever_cannot_view_the_page(resident, poll, article):
    restriction = restrict_with_password(article)

    assert page_polls_panel(article, _request(article, resident)) is None

    passed = {restriction.passed_view_restrictions_session_key: [restriction.pk]}
    assert poll.question in page_polls_panel(article, _request(article, resident, passed))


def test_the_poll_panel_is_not_rendered_under_an_unpublished_page(resident, poll, article):
    article.unpublish()
    article.refresh_from_db()

    assert page_polls_panel(article, _request(article, resident)) is None


def test_choices_of_a_restricted_pages_poll_sent_to_a_public_poll_are_refused(client, resident, poll, article):
    public = PollFactory(question="公开的投票")
    restrict_with_password(article)
    client.force_login(resident)

    client.post(f"/polls/{public.pk}/vote/", {"choice": [poll.choices.first().pk]})

    assert not Ballot.objects.exists()
