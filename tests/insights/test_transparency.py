"""/transparency/: every figure recomputed here from the raw events, independently, and compared."""

import csv
import datetime
import io
import json
import statistics
from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engagement.demands.deadlines import working_days_between
from engagement.demands.models import Demand, DemandEvent
from engagement.insights import transparency
from tests.factories import TopicFactory

from .factories import demand


def shift(d, days):
    """Move a demand's whole history ``days`` back in time (as if it happened then)."""
    for event in DemandEvent.objects.filter(demand=d):
        event.created_at -= datetime.timedelta(days=days)
        event.save(update_fields=["created_at"])


def answer_late(d, days):
    """Push the answered events ``days`` after the forward: working days to answer grow."""
    for event in DemandEvent.objects.filter(demand=d, action="answered"):
        event.created_at += datetime.timedelta(days=days)
        event.save(update_fields=["created_at"])


@pytest.fixture
def history(topic, grid, department, other_department, moderator, department_staff, other_department_staff, resident):
    water = TopicFactory(name="环境", slug="environment", default_department=other_department)
    made = []

    def lifecycle(title, topic_, dept, staff, *, rate=None, reopen=False, answer=True, accept=True):
        d = demand(title, topic_, grid, author=resident)
        d.forward(to=dept, by=moderator)
        if accept:
            d.accept(by=staff)
        if answer and accept:
            d.answer(text="已处理", by=staff)
            if reopen:
                d.rate(satisfaction="dissatisfied", by=resident)
                d.answer(text="再次处理", by=staff)
            if rate:
                d.rate(satisfaction=rate, by=resident)
        made.append(d)
        return d

    d1 = lifecycle("停车难", topic, department, department_staff, rate="satisfied")
    lifecycle("停车收费", topic, department, department_staff, rate="satisfied", reopen=True)
    d3 = lifecycle("河道污水", water, other_department, other_department_staff, rate="basically_satisfied")
    lifecycle("噪音", water, other_department, other_department_staff, answer=False)
    made.append(demand("尚未分派", topic, grid))
    returned = demand("退回的诉求", water, grid)
    returned.forward(to=department, by=moderator)
    returned.return_to_triage(by=department_staff, reason="不属本部门")
    answer_late(d3, 9)
    shift(d1, 40)
    return made


def independent_figures(today):
    months = transparency.month_starts(today)
    start = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time.min))
    events = [e for e in DemandEvent.objects.all() if e.created_at >= start]
    month = lambda e: timezone.localtime(e.created_at).date().replace(day=1)  # noqa: E731
    monthly = Counter((month(e), e.action) for e in events)
    forwarded, answered, rated, satisfied = (defaultdict(set), defaultdict(set), Counter(), Counter())
    for e in events:
        if e.action == "forwarded" and e.department_id:
            forwarded[e.department_id].add(e.demand_id)
        if e.action == "answered" and e.department_id:
            answered[e.department_id].add(e.demand_id)
        if e.action == "rated" and e.department_id:
            rated[e.department_id] += 1
            satisfied[e.department_id] += e.note in ("satisfied", "basically_satisfied")
    first = defaultdict(dict)
    for e in sorted(DemandEvent.objects.all(), key=lambda e: e.created_at):
        if e.action in ("forwarded", "answered") and e.action not in first[e.demand_id]:
            first[e.demand_id][e.action] = e
    days, on_time = defaultdict(list), defaultdict(list)
    for demand_id, f in first.items():
        if "forwarded" in f and "answered" in f and f["answered"].created_at >= start:
            dept = f["answered"].department_id
            days[dept].append(working_days_between(f["forwarded"].created_at, f["answered"].created_at))
            on_time[dept].append(Demand.objects.get(pk=demand_id).first_answered_on_time)
    return months, monthly, forwarded, answered, rated, satisfied, days, on_time


def rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


@pytest.mark.django_db
def test_every_figure_matches_a_recomputation_from_the_raw_events(history, department, other_department):
    today = timezone.localdate()
    tables = {t["key"]: t for t in transparency.compute(today)}
    months, monthly, forwarded, answered, rated, satisfied, days, on_time = independent_figures(today)

    assert tables["monthly"]["rows"] == [
        [m.strftime("%Y-%m"), monthly[(m, "submitted")], monthly[(m, "answered")]] for m in months
    ]
    assert sum(r[1] for r in tables["monthly"]["rows"]) == 6
    league = {row[0]: row for row in tables["departments"]["rows"]}
    for dept in (department, other_department):
        row = league[dept.name]
        assert row[1] == len(forwarded[dept.pk])
        assert row[2] == len(answered[dept.pk])
        assert row[3] == rate(len(answered[dept.pk]), len(forwarded[dept.pk]))
        assert row[4] == rate(sum(1 for x in on_time[dept.pk] if x), len(on_time[dept.pk]))
        assert row[5] == rate(satisfied[dept.pk], rated[dept.pk])
        assert row[6] == (statistics.median(days[dept.pk]) if days[dept.pk] else None)
    assert league[other_department.name][6] >= 5  # the late answer shows
    assert league[department.name][1] == 3  # the returned demand was forwarded there once
    topics = dict(tables["topics"]["rows"])
    assert topics == {"停车": 3, "环境": 3}


@pytest.mark.django_db
def test_csv_and_json_carry_the_same_figures_and_no_personal_data(client, home, history):
    page = client.get("/transparency/").content.decode()
    data = client.get("/transparency/data.json").json()
    response = client.get("/transparency/data.csv?table=departments")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    table = next(t for t in data["tables"] if t["key"] == "departments")
    assert rows[1:] == [["" if v is None else str(v) for v in row] for row in table["rows"]]
    for text in (page, json.dumps(data, ensure_ascii=False), response.content.decode("utf-8-sig")):
        assert "张三" not in text and "13800000000" not in text and "zhangsan@" not in text and "resident" not in text
    assert "<svg" in page and "<table" in page
    assert client.get("/transparency/data.csv?table=nope").status_code == 404


@pytest.mark.django_db
def test_the_figures_need_the_same_queries_for_more_data(history, topic, grid, department, moderator):
    with CaptureQueriesContext(connection) as small:
        transparency.compute()
    for i in range(15):
        demand(f"更多的诉求{i}", topic, grid).forward(to=department, by=moderator)
    with CaptureQueriesContext(connection) as large:
        transparency.compute()
    assert len(large) == len(small)


@pytest.mark.django_db
def test_a_brand_new_site_has_an_empty_transparency_page(client, home):
    assert client.get("/transparency/").status_code == 200
    assert client.get("/transparency/data.json").json()["tables"]
