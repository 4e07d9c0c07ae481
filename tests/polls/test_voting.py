"""The voting rule: one ballot per voter, only while open, only this poll's choices; refusals write nothing."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from engagement.polls.models import Ballot, BallotChoice, Poll
from engagement.polls.services import VoteRefused, record_ballot
from engagement.polls.views import BROWSER_COOKIE
from tests.factories import AreaFactory, UserFactory
from tests.polls.factories import PollFactory

pytestmark = pytest.mark.django_db


def vote_url(poll):
    return f"/polls/{poll.pk}/vote/"


def choice_ids(poll):
    return list(poll.choices.order_by("sort_order").values_list("pk", flat=True))


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_residents_vote_is_counted(client, resident):
    poll = PollFactory()
    yes, no = choice_ids(poll)
    client.force_login(resident)

    response = client.post(vote_url(poll), {"choice": [yes]}, follow=True)

    assert "感谢参与，您的投票已计入。" in response.content.decode()  # /polls/…: the Chinese site
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.user == resident
    assert list(ballot.picks.values_list("choice_id", flat=True)) == [yes]


def test_a_second_vote_by_the_same_account_is_refused_and_writes_nothing(client, resident):
    poll = PollFactory()
    yes, no = choice_ids(poll)
    client.force_login(resident)
    client.post(vote_url(poll), {"choice": [yes]})

    response = client.post("/en" + vote_url(poll), {"choice": [no]}, follow=True)

    assert "You have already voted in this poll." in response.content.decode()
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert list(BallotChoice.objects.values_list("choice_id", flat=True)) == [yes]


def test_the_database_itself_refuses_a_second_ballot_for_an_account(resident):
    poll = PollFactory()
    Ballot.objects.create(poll=poll, user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(poll=poll, user=resident)


def test_the_database_itself_refuses_a_second_ballot_for_a_browser():
    poll = PollFactory(allow_anonymous=True)
    Ballot.objects.create(poll=poll, browser_token="abc")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(poll=poll, browser_token="abc")


def test_a_ballot_without_account_or_browser_is_refused_by_the_database():
    poll = PollFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(poll=poll)


def test_a_race_lost_on_the_constraint_becomes_the_same_clear_refusal(resident):
    # The rival request committed its ballot after this one's friendly pre-check ran.
    poll = PollFactory()
    yes, no = choice_ids(poll)
    Ballot.objects.create(poll=poll, user=resident)

    with translation.override("en"), pytest.raises(VoteRefused) as refused:
        record_ballot(poll, list(poll.choices.filter(pk=no)), voter={"user": resident})

    assert refused.value.message == "You have already voted in this poll."
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert BallotChoice.objects.count() == 0


@pytest.mark.parametrize("trait, message", [
    ("closed", "This poll is closed"),
    ("upcoming", "This poll is not open yet"),
])
def test_voting_outside_the_open_window_is_refused(client, resident, trait, message):
    poll = PollFactory(**{trait: True})
    client.force_login(resident)

    response = client.post("/en" + vote_url(poll), {"choice": choice_ids(poll)[:1]}, follow=True)

    assert message in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_choice_of_another_poll_is_refused(client, resident):
    poll, other = PollFactory(), PollFactory()
    client.force_login(resident)

    response = client.post("/en" + vote_url(poll), {"choice": choice_ids(other)[:1]}, follow=True)

    assert "That choice is not part of this poll." in response.content.decode()
    assert not Ballot.objects.exists()


def test_voting_without_a_choice_is_refused(client, resident):
    poll = PollFactory()
    client.force_login(resident)

    response = client.post("/en" + vote_url(poll), {}, follow=True)

    assert "Please choose an answer before voting." in response.content.decode()
    assert not Ballot.objects.exists()


def test_garbage_choice_is_refused(client, resident):
    poll = PollFactory()
    client.force_login(resident)
    response = client.post("/en" + vote_url(poll), {"choice": ["x' OR 1=1"]}, follow=True)
    assert "That choice is not part of this poll." in response.content.decode()
    assert not Ballot.objects.exists()


def test_several_choices_on_a_single_choice_poll_are_refused(client, resident):
    poll = PollFactory(kind=Poll.Kind.SINGLE)
    client.force_login(resident)

    response = client.post("/en" + vote_url(poll), {"choice": choice_ids(poll)}, follow=True)

    assert "This poll allows only one answer." in response.content.decode()
    assert not Ballot.objects.exists()


def test_several_choices_on_a_multiple_choice_poll_are_one_ballot(client, resident):
    poll = PollFactory(kind=Poll.Kind.MULTIPLE, choices=["公园", "停车场", "菜市场"])
    client.force_login(resident)

    client.post(vote_url(poll), {"choice": choice_ids(poll)[:2]})

    assert Ballot.objects.filter(poll=poll).count() == 1
    assert BallotChoice.objects.count() == 2


def test_refusals_speak_chinese_on_the_chinese_site(client, resident):
    poll = PollFactory(closed=True)
    client.force_login(resident)

    response = client.post(vote_url(poll), {"choice": choice_ids(poll)[:1]}, follow=True)

    assert "投票已结束" in response.content.decode()


def test_an_anonymous_visitor_must_log_in_unless_the_poll_allows_anonymous_votes(client):
    poll = PollFactory(allow_anonymous=False)

    response = client.post("/en" + vote_url(poll), {"choice": choice_ids(poll)[:1]}, follow=True)

    assert "Please log in to vote in this poll." in response.content.decode()
    assert not Ballot.objects.exists()


def test_an_anonymous_vote_is_one_per_browser_through_a_signed_cookie(client):
    poll = PollFactory(allow_anonymous=True)
    yes, no = choice_ids(poll)

    first = client.post(vote_url(poll), {"choice": [yes]})
    assert BROWSER_COOKIE in first.cookies
    assert ":" in first.cookies[BROWSER_COOKIE].value  # signed, not a bare token
    second = client.post("/en" + vote_url(poll), {"choice": [no]}, follow=True)

    assert "You have already voted in this poll." in second.content.decode()
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.user is None and ballot.browser_token


def test_a_tampered_browser_cookie_is_not_trusted(client):
    poll = PollFactory(allow_anonymous=True)
    client.post(vote_url(poll), {"choice": choice_ids(poll)[:1]})
    token = Ballot.objects.get().browser_token
    client.cookies[BROWSER_COOKIE] = token  # unsigned copy of someone's token

    client.post(vote_url(poll), {"choice": choice_ids(poll)[:1]})

    assert Ballot.objects.count() == 2  # a fresh token, not a hijacked one
    assert Ballot.objects.filter(browser_token=token).count() == 1


def test_anonymous_votes_from_one_ip_are_limited_per_poll(client, settings):
    poll = PollFactory(allow_anonymous=True)
    from engagement.polls import views

    limit = views.anonymous_vote_limit(poll).limit
    for _ in range(limit):
        client.cookies.clear()  # a new "browser" each time
        assert client.post(vote_url(poll), {"choice": choice_ids(poll)[:1]}).status_code == 302
    client.cookies.clear()

    response = client.post("/en" + vote_url(poll), {"choice": choice_ids(poll)[:1]})

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert Ballot.objects.count() == limit


def test_too_many_votes_from_one_account_get_http_429(client):
    from engagement.polls.views import VOTE_LIMIT

    user = UserFactory()
    client.force_login(user)
    polls = [PollFactory() for _ in range(VOTE_LIMIT.limit + 1)]
    statuses = [client.post(vote_url(p), {"choice": choice_ids(p)[:1]}).status_code for p in polls]

    assert statuses[:-1] == [302] * VOTE_LIMIT.limit
    assert statuses[-1] == 429
    assert Ballot.objects.count() == VOTE_LIMIT.limit


def test_voting_needs_a_post_with_a_csrf_token(resident):
    from django.test import Client

    poll = PollFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)

    assert client.get(vote_url(poll)).status_code == 405
    assert client.post(vote_url(poll), {"choice": choice_ids(poll)[:1]}).status_code == 403
    assert not Ballot.objects.exists()


def test_the_ballot_keeps_the_voters_area_for_the_breakdown(client):
    profile_model = pytest.importorskip("engagement.residents.models").ResidentProfile
    area = AreaFactory(kind="grid", name="第三网格")
    user = UserFactory()
    profile_model.objects.create(user=user, area=area)
    poll = PollFactory()
    client.force_login(user)

    client.post(vote_url(poll), {"choice": choice_ids(poll)[:1]})

    assert Ballot.objects.get().area == area


def test_a_vote_goes_back_to_the_page_it_came_from_but_never_off_site(client, resident, news_section):
    from tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=news_section)
    poll = PollFactory(page=article)
    client.force_login(resident)

    back = client.post(vote_url(poll), {"choice": choice_ids(poll)[:1], "next": article.url})
    evil = client.post(vote_url(poll), {"choice": choice_ids(poll)[:1], "next": "https://evil.example/"})

    assert back["Location"] == article.url
    assert evil["Location"] == f"/polls/{poll.pk}/"
