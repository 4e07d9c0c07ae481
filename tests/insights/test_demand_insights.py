"""Insights over demands: heat table, topic × area alerts, department suggestion, near-duplicates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from content.hooks import TRIAGE_PANELS, fragments
from engagement.demands.models import Demand
from engagement.insights.alerts import run_alerts
from engagement.insights.duplicates import open_demand_groups
from engagement.insights.hot_terms import run_hot_terms
from engagement.insights.models import Alert, TopicAreaDayCount
from engagement.insights.routing import MIN_SAMPLES, suggest_departments, train
from tests.factories import TopicFactory

from .factories import demand


@pytest.mark.django_db
def test_public_demands_fill_the_heat_table_at_street_and_district_level(client, home, topic, grid):
    today = timezone.localdate()
    demand("和平街道晚上停车难", topic, grid, today)
    demand("停车位被占", topic, grid, today)
    demand("私密诉求不公开", topic, grid, today, public=False)
    run_hot_terms(day=today)

    street, district = grid.parent.parent, grid.parent.parent.parent
    assert TopicAreaDayCount.objects.get(topic=topic, area=street).count == 2
    assert TopicAreaDayCount.objects.get(topic=topic, area=district).count == 2
    page = client.get("/insights/").content.decode()
    assert street.name in page and "<svg" in page and "<table" in page
    assert "私密" not in page


@pytest.mark.django_db
def test_a_surge_of_demands_on_one_topic_in_one_street_raises_a_topic_area_alert(topic, grid, supervisor):
    day = datetime.date(2026, 11, 20)
    for week in range(1, 9):
        demand("停车难", topic, grid, day - datetime.timedelta(days=7 * week))
    today = [demand(f"停车难第{i}次反映", topic, grid, day) for i in range(7)]
    run_hot_terms(day=day)
    run_alerts(day=day)

    street = grid.parent.parent
    alert = Alert.objects.get(kind=Alert.Kind.TOPIC_AREA, key=f"topic:{topic.pk}|area:{street.pk}")
    assert alert.observed == 7 and alert.baseline_mean == 1.0
    assert {f"demand:{d.pk}" for d in today} >= set(alert.evidence)
    assert "张三" not in str(alert.evidence) and "13800000000" not in alert.label


def _route(demands, department, moderator):
    for d in demands:
        d.forward(to=department, by=moderator)


@pytest.mark.django_db
def test_without_history_the_suggestion_is_the_topics_default_department(topic, grid, department):
    d = demand("路边停车收费", topic, grid)
    assert train() is None
    assert suggest_departments(d) == [(department, None)]


@pytest.mark.django_db
def test_the_suggestion_learns_from_past_routing(topic, grid, department, other_department, moderator):
    water = TopicFactory(name="环境", slug="environment", default_department=other_department)
    n = MIN_SAMPLES // 2 + 1
    _route([demand(f"小区门口乱停车第{i}次", topic, grid) for i in range(n)], department, moderator)
    _route([demand(f"河道污水排放有异味{i}", water, grid) for i in range(n)], other_department, moderator)
    returned = demand("河道污水又来了", water, grid)
    returned.forward(to=department, by=moderator)
    returned.return_to_triage(by=moderator, reason="不归我们管")

    model = train()
    assert model.samples == 2 * n  # the returned demand is not learnt from

    new = demand("河道里有污水，气味很大", water, grid)
    suggestions = suggest_departments(new)
    assert suggestions[0][0] == other_department and suggestions[0][1] > 0.5
    assert len(suggestions) == 2


@pytest.mark.django_db
def test_near_duplicate_demands_are_grouped_and_merged_in_one_action(client, topic, grid, moderator, resident):
    a = demand("幸福小区东门路灯坏了三天", topic, grid, description="幸福小区东门的路灯坏了三天，晚上很黑")
    b = demand("幸福小区东门路灯坏了", topic, grid, description="幸福小区东门路灯坏了，晚上很黑，请修")
    c = demand("东门路灯坏了很黑", topic, grid, description="幸福小区东门路灯坏了三天，晚上很黑")
    other = demand("公交线路调整建议", topic, grid, description="建议增加早高峰班次")

    groups = open_demand_groups()
    assert [sorted(d.pk for d in g) for g in groups] == [sorted([a.pk, b.pk, c.pk])]

    client.force_login(resident)
    client.post(reverse("insights_admin:merge_group"), {"demand": [a.pk, b.pk, c.pk], "into": a.pk})
    assert Demand.objects.filter(status="merged").count() == 0

    client.force_login(moderator)
    client.post(reverse("insights_admin:merge_group"), {"demand": [a.pk, b.pk, c.pk], "into": a.pk})
    assert set(Demand.objects.filter(status="merged").values_list("pk", flat=True)) == {b.pk, c.pk}
    assert Demand.objects.get(pk=b.pk).merged_into_id == a.pk
    assert Demand.objects.get(pk=other.pk).status == "submitted"


@pytest.mark.django_db
def test_the_triage_panel_shows_suggestions_and_the_duplicate_group(rf, topic, grid, department, moderator):
    a = demand("幸福小区东门路灯坏了三天", topic, grid)
    demand("幸福小区东门路灯坏了三天了", topic, grid)
    request = rf.get("/admin/")
    request.user = moderator
    with translation.override("zh-hans"):
        html = "".join(fragments(TRIAGE_PANELS, a, request))
    assert department.name in html
    assert "保留此条，其余合并到它：" in html


@pytest.mark.django_db
def test_the_most_supported_open_demands_show_on_the_insights_page(client, home, topic, grid, resident):
    from engagement.demands.models import DemandSupport

    d = demand("希望增设公交站", topic, grid)
    DemandSupport.objects.create(demand=d, user=resident)
    page = client.get("/insights/").content.decode()
    assert "希望增设公交站" in page


@pytest.mark.django_db
def test_the_triage_page_shows_the_suggested_departments_and_the_duplicate_group(client, topic, grid, department, moderator):
    a = demand("幸福小区东门路灯坏了三天", topic, grid)
    demand("幸福小区东门路灯坏了三天了", topic, grid)
    client.force_login(moderator)

    page = client.get(reverse("demands_admin:triage_detail", args=[a.pk])).content.decode()

    assert "insights-triage-panel" in page
    assert department.name in page
