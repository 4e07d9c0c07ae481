import pytest

from tests.factories import UserFactory

from .factories import make_demand
from .public_record import build_record


@pytest.fixture
def demand(topic, grid, resident):
    return make_demand(topic, author=resident, area=grid)


@pytest.fixture
def forwarded(demand, department, moderator):
    return demand.forward(to=department, by=moderator)


@pytest.fixture
def accepted(forwarded, department_staff):
    return forwarded.accept(by=department_staff)


@pytest.fixture
def answered(accepted, department_staff):
    return accepted.answer(text="已安排执法队员每晚巡查，并在北门加装隔离桩。", by=department_staff)


@pytest.fixture
def record(home, topic, grid, resident, department, moderator, department_staff):
    """The seeded public record (tests/demands/public_record.py): demands by tag, three of them hidden."""
    return build_record(home, topic, grid, resident, department, moderator, department_staff)


@pytest.fixture
def neighbour(db):
    return UserFactory(username="neighbour")
