"""/transparency/ and /departments/ are one public record: a journalist who downloads only the public
files (the per-demand records, the private-demand totals, Open311) recomputes every figure exactly."""

import csv
import datetime
import io
import re
import statistics
from collections import defaultdict
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engagement.insights import transparency
from tests.factories import TopicFactory

from .factories import demand

pytestmark = pytest.mark.django_db


@contextmanager
def clock(start):
    """Let the demands' history happen at ``start`` and later (transitions read timezone.now())."""
    original = timezone.now

    class Clock:
        now = start

        def advance(self, **delta):
            self.now += datetime.timedelta(**delta)

    c = Clock()
    timezone.now = lambda: c.now
    try:
        yield c
    finally:
        timezone.now = original


@pytest.fixture
def history(topic, grid, department, other_department, moderator, department_staff, other_department_staff,
            resident):
    """Two departments over a few months: on time and late, private and public, reopened, returned,
    unanswered and overdue, rated with and without "was it solved", and some that never count."""
    water = TopicFactory(name="环境", slug="environment", default_department=other_department)
    today = timezone.localdate()
    months_ago = timezone.make_aware(datetime.datetime.combine(
        (today.replace(day=1) - datetime.timedelta(days=130)).replace(day=10), datetime.time(9)))
    made = {}

    def new(key, title, topic_, *, public=True):
        made[key] = demand(title, topic_, grid, public=public, author=resident)
        return made[key]

    with clock(months_ago) as c:
        a1 = new("a1", "停车难", topic)
        a1.forward(to=department, by=moderator)
        c.advance(hours=2)
        a1.accept(by=department_staff)
        c.advance(days=1)
        a1.answer(text="已处理", by=department_staff)
        a1.rate(satisfaction="satisfied", resolved=True, by=resident)

        a2 = new("a2", "停车收费", topic)
        a2.forward(to=department, by=moderator)
        c.advance(days=6)  # accepted late
        a2.accept(by=department_staff)
        c.advance(days=30)  # answered late
        a2.answer(text="已答复", by=department_staff)
        a2.rate(satisfaction="dissatisfied", resolved=False, by=resident)
        c.advance(days=1)
        a2.answer(text="再次答复", by=department_staff)
        a2.rate(satisfaction="basically_satisfied", resolved=True, by=resident)  # the latest rating counts

        a3 = new("a3", "私下反映的问题", topic, public=False)
        a3.forward(to=department, by=moderator)
        a3.accept(by=department_staff)
        c.advance(days=2)
        a3.answer(text="私密答复", by=department_staff)
        a3.rate(satisfaction="dissatisfied", by=resident)  # reopened, the follow-up never comes: overdue

        b1 = new("b1", "河道污水", water, public=False)
        b1.forward(to=other_department, by=moderator)
        b1.accept(by=other_department_staff)
        c.advance(days=3)
        b1.answer(text="已清理", by=other_department_staff)
        b1.rate(satisfaction="satisfied", by=resident)

        returned = new("returned", "退回的诉求", water)
        returned.forward(to=department, by=moderator)
        returned.return_to_triage(by=department_staff, reason="不属本部门")
        c.advance(days=20)  # the next month
        returned.forward(to=other_department, by=moderator)
        returned.accept(by=other_department_staff)
        c.advance(days=4)
        returned.answer(text="已处理", by=other_department_staff)

        a4 = new("a4", "无人受理", topic)
        a4.forward(to=department, by=moderator)  # never accepted: overdue now

        new("submitted", "尚未分派", topic)
        new("rejected", "被驳回", topic).reject(by=moderator, reason="不属于政务服务范围")
    return made


def rows_of(response):
    text = response.content.decode("utf-8-sig")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def month_of(iso):
    return datetime.datetime.fromisoformat(iso).date().replace(day=1)


def pct(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def journalist(records, private, start, end):
    """Every department's figures from the public files alone, written without the site's code."""
    counts = defaultdict(lambda: defaultdict(int))
    days = defaultdict(list)
    for r in records:
        if not r["forwarded_at"] or not start <= month_of(r["forwarded_at"]) < end:
            continue
        c = counts[r["department"]]
        c["received"] += 1
        c["accepted_on_time"] += r["accepted_on_time"] is True
        if r["answered_at"]:
            c["answered"] += 1
            c["answered_on_time"] += r["answered_on_time"] is True
            days[r["department"]].append(r["working_days_to_answer"])
        if r["satisfaction"]:
            c["rated"] += 1
            c["satisfied"] += r["satisfaction"] in ("satisfied", "basically_satisfied")
        if r["resolved"] is not None:
            c["resolution_asked"] += 1
            c["resolved"] += r["resolved"] is True
        c["overdue_now"] += r["overdue_now"] is True
    for p in private:
        if not start <= datetime.date.fromisoformat(p["month"] + "-01") < end:
            continue
        c = counts[p["department"]]
        for key in ("received", "answered", "accepted_on_time", "answered_on_time", "rated", "satisfied",
                    "resolution_asked", "resolved", "overdue_now"):
            c[key] += p[key]
        for pair in p["working_days_to_answer"].split():
            d, n = pair.split(":")
            days[p["department"]] += [int(d)] * int(n)
    figures = {}
    for dept, c in counts.items():
        figures[dept] = {
            "received": c["received"], "answered": c["answered"],
            "reply_rate": pct(c["answered"], c["received"]),
            "response_rate": pct(c["accepted_on_time"], c["received"]),
            "on_time_rate": pct(c["answered_on_time"], c["answered"]),
            "resolution_rate": pct(c["resolved"], c["resolution_asked"]),
            "satisfaction_rate": pct(c["satisfied"], c["rated"]),
            "median_working_days": statistics.median(days[dept]) if days[dept] else None,
            "overdue_now": c["overdue_now"],
        }
    return figures


KEYS = ["received", "answered", "reply_rate", "response_rate", "on_time_rate", "resolution_rate",
        "satisfaction_rate", "median_working_days", "overdue_now"]


def published_on_departments_page(html):
    out = {}
    for slug, row in re.findall(r'<tr data-department="([^"]+)">(.*?)</tr>', html, re.S):
        name = re.search(r'<a href="[^"]+">([^<]+)</a>', row).group(1)
        values = dict(re.findall(r'data-figure="(\w+)" data-value="([^"]*)"', row))
        out[name] = (slug, values)
    return out


def as_number(text):
    if text == "":
        return None
    return float(text) if "." in text else int(text)


def test_a_journalist_recomputes_every_figure_from_the_public_files(client, home, history, department,
                                                                     other_department, department_staff):
    html = client.get("/departments/").content.decode()
    start, end = re.search(r'data-period="(\d{4}-\d\d)/(\d{4}-\d\d)"', html).groups()
    start, end = (datetime.date.fromisoformat(m + "-01") for m in (start, end))
    records = client.get("/transparency/demands.json").json()["records"]
    private = client.get("/transparency/private.json").json()["records"]
    expected = journalist(records, private, start, end)

    assert expected[department.name]["received"] == 4  # a1, a2, a3 (private), a4; the returned one went on
    assert expected[other_department.name]["received"] == 2
    assert expected[department.name]["overdue_now"] == 2  # a3's follow-up, a4's acceptance

    tables = {t["key"]: t for t in client.get("/transparency/data.json").json()["tables"]}
    league = {row[0]: dict(zip(KEYS, row[1:])) for row in tables["departments"]["rows"]}
    page = published_on_departments_page(html)
    for dept in (department, other_department):
        assert league[dept.name] == expected[dept.name]
        slug, values = page[dept.name]
        assert {k: as_number(values[k]) for k in KEYS} == expected[dept.name]
        card = client.get(f"/departments/{slug}/").content.decode()
        card = card[card.index(f'data-scorecard="{slug}"'):]
        assert {k: as_number(v) for k, v in re.findall(r'data-figure="(\w+)" data-value="([^"]*)"', card)
                } == expected[dept.name]

    # The department's own staff see the same figures on their workspace.
    client.force_login(department_staff)
    workspace = client.get("/admin/demands/workspace/").content.decode()
    workspace = workspace[workspace.index("workspace-figures"):]
    assert {k: as_number(v) for k, v in re.findall(r'data-figure="(\w+)" data-value="([^"]*)"', workspace)
            } == expected[department.name]
    client.logout()

    # The monthly table is the same definition by the month of the forward.
    monthly = {row[0]: row for row in tables["monthly"]["rows"]}
    per_month = defaultdict(int)
    for r in records:
        if r["forwarded_at"]:
            per_month[r["forwarded_at"][:7]] += 1
    for p in private:
        per_month[p["month"]] += p["received"]
    assert {m: row[1] for m, row in monthly.items() if row[1]} == dict(per_month)


def test_open311_carries_the_same_record_as_the_open_data(client, history):
    records = {r["tracking_number"]: r for r in client.get("/transparency/demands.json").json()["records"]}
    requests = client.get("/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z").json()
    assert {r["service_request_id"] for r in requests} == set(records)
    for r in requests:
        record = records[r["service_request_id"]]
        assert r["accept_due_datetime"] == record["accept_due_at"]
        assert r["accepted_datetime"] == record["accepted_at"]
        assert r["answered_datetime"] == record["answered_at"]
        assert r["answered_on_time"] == record["answered_on_time"]
        assert r["answer_due_datetime"] == record["answer_due_at"]
        if record["answered_at"]:
            assert r["expected_datetime"] is not None  # the answer deadline, also once answered


def test_private_and_hidden_demands_are_counted_apart_and_never_listed(client, history):
    records = client.get("/transparency/demands.json").json()["records"]
    numbers = {r["tracking_number"] for r in records}
    assert history["a3"].tracking_number not in numbers and history["b1"].tracking_number not in numbers
    assert history["rejected"].tracking_number not in numbers
    assert history["submitted"].tracking_number in numbers  # public, not yet forwarded: no facts yet
    private = client.get("/transparency/private.json").json()["records"]
    assert sum(p["received"] for p in private) == 2
    text = client.get("/transparency/demands.csv").content.decode("utf-8-sig")
    text += client.get("/transparency/private.csv").content.decode("utf-8-sig")
    for hidden in ("私下反映的问题", "河道污水", "被驳回", "张三", "13800000000", "zhangsan@"):
        assert hidden not in text


def test_every_open_data_file_names_its_licence_and_when_it_was_generated(client, history):
    today = timezone.localdate().isoformat()
    for url in ("/transparency/demands.csv", "/transparency/private.csv", "/transparency/data.csv?table=departments"):
        text = client.get(url).content.decode("utf-8-sig")
        assert "# licence: CC BY 4.0" in text and f"# generated: {today}" in text
    for url in ("/transparency/demands.json", "/transparency/private.json", "/transparency/data.json"):
        data = client.get(url).json()
        assert data["licence"]["name"] == "CC BY 4.0" and data["generated"].startswith(today)
    rows = rows_of(client.get("/transparency/demands.csv"))
    assert {r["tracking_number"] for r in rows} == {
        r["tracking_number"] for r in client.get("/transparency/demands.json").json()["records"]}
    assert client.get("/transparency/nothing.csv").status_code == 404
    assert client.get("/transparency/demands.xls").status_code == 404


def test_the_page_links_the_open_data_and_each_department(client, home, history, department):
    html = client.get("/transparency/").content.decode()
    for url in ("/transparency/demands.csv", "/transparency/demands.json", "/transparency/private.csv"):
        assert url in html
    assert f'href="/departments/{department.slug}/"' in html
    assert "CC BY 4.0" in html


def test_the_figures_need_the_same_queries_for_more_data(history, topic, grid, department, moderator, client):
    client.get("/transparency/demands.json")  # warm: the site-wide lookups (content.sitewide) are cached
    with CaptureQueriesContext(connection) as small:
        transparency.compute()
    with CaptureQueriesContext(connection) as small_records:
        client.get("/transparency/demands.json")
    for i in range(15):
        demand(f"更多的诉求{i}", topic, grid).forward(to=department, by=moderator)
    with CaptureQueriesContext(connection) as large:
        transparency.compute()
    with CaptureQueriesContext(connection) as large_records:
        client.get("/transparency/demands.json")
    assert len(large) == len(small)
    assert len(large_records) == len(small_records)


def test_a_brand_new_site_has_an_empty_transparency_page(client, home):
    assert client.get("/transparency/").status_code == 200
    assert client.get("/transparency/data.json").json()["tables"]
    assert client.get("/transparency/demands.json").json()["records"] == []
