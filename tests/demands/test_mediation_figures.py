"""交办 and the figures: the organisation is scored with the departments' definitions (one statistics module),
the department keeps the demands it handed over in its figures and says how many, and the rule is explained."""

import pytest
from django.urls import reverse

from engagement.demands import statistics

from .factories import make_demand
from .mediation import verified_organisation

pytestmark = pytest.mark.django_db

REASON = "邻里之间的噪声纠纷，适合人民调解"
ANSWER = "经调解，双方约定晚十点后不再使用音响，楼长负责回访。"


@pytest.fixture
def mediator(moderator):
    return verified_organisation(moderator)


@pytest.fixture
def handed(accepted, department_staff, mediator):
    _account, record = mediator
    return accepted.hand_over(to=record, by=department_staff, reason=REASON)


def test_the_organisation_is_scored_with_the_departments_definitions(client, handed, mediator, resident,
                                                                     department, topic, grid, moderator,
                                                                     department_staff):
    account, record = mediator
    own = make_demand(topic, area=grid, title="部门自己办的诉求").forward(to=department, by=moderator)
    own.accept(by=department_staff)
    own.answer(text="已处理", by=department_staff)
    handed.answer_as_organisation(text=ANSWER, by=account)
    handed.rate(satisfaction="basically_satisfied", by=resident)

    mine = statistics.for_handler(record)
    whole = statistics.for_department(department)["total"]
    subset = statistics.Figures()
    for fact in statistics.facts(statistics.default_period(), department):
        if fact.handler_id == record.pk:
            subset.add(fact)

    assert mine.as_dict() == subset.as_dict()
    assert (mine.received, mine.answered, mine.satisfaction_rate, mine.on_time_rate) == (1, 1, 100.0, 100.0)
    assert (whole.received, whole.handed_over, whole.answered) == (2, 1, 2)  # it stays the department's too
    page = client.get(reverse("organisation", args=[account.pk])).content.decode()
    assert 'data-handler-scorecard' in page and 'data-figure="response_rate"' not in page
    assert 'data-figure="satisfaction_rate" data-value="100.0"' in page and handed.title in page


def test_the_department_page_says_how_many_it_handed_over_and_the_rule_is_explained(client, handed, department):
    page = client.get(department.get_absolute_url()).content.decode()
    assert 'data-handed-over="1"' in page
    league = client.get(reverse("demands:league")).content.decode()
    assert "仍计入部门的各项指标" in league


def test_an_organisation_that_never_handled_a_demand_and_is_not_mediation_shows_no_figures(client, moderator):
    account, _record = verified_organisation(moderator, username="gongyi", name="阳光公益服务中心", kind="welfare")
    page = client.get(reverse("organisation", args=[account.pk])).content.decode()
    assert "阳光公益服务中心" in page and "data-handler-scorecard" not in page


def test_the_open_data_names_the_handler_so_anyone_can_recompute_its_figures(client, handed, mediator):
    account, record = mediator
    handed.answer_as_organisation(text=ANSWER, by=account)

    records = client.get("/transparency/demands.json").json()["records"]

    mine = [r for r in records if r["handled_by"] == record.name]
    assert [r["tracking_number"] for r in mine] == [handed.tracking_number]
    assert mine[0]["department"] == "城市管理局" and mine[0]["answered_on_time"] is True
