"""Two moderators forward the same demand at the same moment: one wins, the other is told."""

import threading

import pytest
from django.db import connection, connections

from engagement.demands.models import Demand, DemandEvent
from engagement.demands.transitions import TransitionNotAllowed

from .factories import make_demand


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_triage_one_wins_the_other_is_told(topic, department, other_department, moderator):
    if connection.vendor == "sqlite":
        pytest.skip("real row locks need PostgreSQL")
    demand = make_demand(topic)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(target):
        copy = Demand.objects.get(pk=demand.pk)
        barrier.wait()
        try:
            copy.forward(to=target, by=moderator)
            outcomes.append("won")
        except TransitionNotAllowed as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(d,)) for d in (department, other_department)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes, key=lambda o: o != "won")[0] == "won"
    assert outcomes.count("won") == 1
    assert DemandEvent.objects.filter(demand=demand, action="forwarded").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_tracking_numbers(topic):
    if connection.vendor == "sqlite":
        pytest.skip("real concurrency needs PostgreSQL")
    barrier = threading.Barrier(4)
    numbers = []

    def submit():
        barrier.wait()
        try:
            numbers.append(make_demand(topic, contact={}).tracking_number)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(numbers)) == 4
