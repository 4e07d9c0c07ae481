"""Two requests for the same account at the same instant: the database lets exactly one ballot through."""

import threading

import pytest
from django.db import connection, connections

from engagement.polls.models import Ballot, BallotChoice
from engagement.polls.services import VoteRefused, cast_vote
from tests.factories import UserFactory
from tests.polls.factories import PollFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_votes_by_one_account_make_exactly_one_ballot():
    if connection.vendor == "sqlite":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no real race")
    poll = PollFactory(choices=["支持", "反对"])
    user = UserFactory()
    yes, no = poll.choices.order_by("sort_order").values_list("pk", flat=True)
    barrier = threading.Barrier(2)
    outcomes = []

    def vote(choice):
        try:
            barrier.wait(timeout=10)
            cast_vote(poll, [choice], user=user)
            outcomes.append("counted")
        except VoteRefused as refused:
            outcomes.append(refused.message)
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=vote, args=(c,)) for c in (yes, no)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes, key=lambda o: o != "counted")[0] == "counted"
    assert outcomes.count("counted") == 1
    assert len(outcomes) == 2
    assert Ballot.objects.filter(poll=poll, user=user).count() == 1
    assert BallotChoice.objects.filter(ballot__poll=poll).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_simultaneous_anonymous_votes_from_one_browser_make_one_ballot():
    if connection.vendor == "sqlite":
        pytest.skip("needs PostgreSQL")
    poll = PollFactory(allow_anonymous=True)
    choice = poll.choices.first().pk
    barrier = threading.Barrier(4)
    outcomes = []

    def vote():
        try:
            barrier.wait(timeout=10)
            cast_vote(poll, [choice], browser_token="same-browser")
            outcomes.append("counted")
        except VoteRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert outcomes.count("counted") == 1 and outcomes.count("refused") == 3
    assert Ballot.objects.filter(poll=poll).count() == 1
