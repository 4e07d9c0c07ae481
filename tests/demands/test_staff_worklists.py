"""Staff see their work first: dashboard figures per role, deadlines and urgency in the worklists."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement.demands.deadlines import working_days_left_counter
from engagement.demands.models import Demand, DemandEvent

from .factories import make_demand

pytestmark = pytest.mark.django_db


def figures(html, panel):
    """{href: count} of one dashboard panel."""
    section = html[html.index(f'id="{panel}-section"'):]
    section = section[:section.index("</section>")]
    return {href.replace("&amp;", "&"): int(n) for href, n in
            re.findall(r'<a href="([^"]+)" class="gz-dash-figure[^"]*" data-figure-count="(\d+)"', section)}


def late(demand, days=3):
    Demand.objects.filter(pk=demand.pk).update(accept_due_at=timezone.now() - datetime.timedelta(days=days))
    return demand


def test_department_staff_count_only_their_own_departments_work(client, topic, department, other_department,
                                                                  moderator, department_staff):
    late(make_demand(topic).forward(to=department, by=moderator))
    late(make_demand(topic).forward(to=other_department, by=moderator))
    late(make_demand(topic).forward(to=other_department, by=moderator))
    client.force_login(department_staff)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    counts = figures(html, "dashboard-department")
    assert counts[reverse("demands_admin:workspace") + "?tab=overdue"] == 1
    assert counts[reverse("demands_admin:workspace") + "?tab=new"] == 1
    assert 'id="dashboard-triage-section"' not in html and 'id="dashboard-supervision-section"' not in html


def test_supervisors_see_overdue_per_department_each_linking_to_its_list(client, topic, department,
                                                                         other_department, moderator, supervisor):
    late(make_demand(topic).forward(to=department, by=moderator))
    for _ in range(2):
        late(make_demand(topic).forward(to=other_department, by=moderator))
    client.force_login(supervisor)
    counts = figures(client.get(reverse("wagtailadmin_home")).content.decode(), "dashboard-supervision")
    base = reverse("demands_admin:workspace") + "?tab=overdue"
    assert counts[base] == 3
    assert counts[f"{base}&department={other_department.slug}"] == 2
    assert counts[f"{base}&department={department.slug}"] == 1
    listed = client.get(f"{base}&department={other_department.slug}").content.decode()
    assert listed.count('class="demand-row') == 2


def test_moderators_see_how_long_the_oldest_demand_waits(client, topic, moderator):
    old = make_demand(topic)
    Demand.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=21))
    make_demand(topic)
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert figures(html, "dashboard-triage")[reverse("demands_admin:triage") + "?sort=waiting"] == 2
    old.refresh_from_db()
    assert f"{timezone.localtime(old.submitted_at):%Y-%m-%d}" in html.split('id="dashboard-triage-section"')[1]


@pytest.mark.parametrize("role", ["moderator", "department_staff", "supervisor"])
def test_a_dashboard_takes_the_same_queries_however_many_demands(client, request, role, topic, department,
                                                                   other_department, moderator):
    user = request.getfixturevalue(role)
    client.force_login(user)
    make_demand(topic).forward(to=department, by=moderator)
    client.get(reverse("wagtailadmin_home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("wagtailadmin_home"))
    for dept in (department, other_department, department):
        late(make_demand(topic).forward(to=dept, by=moderator))
        make_demand(topic)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("wagtailadmin_home"))
    assert len(many) == len(few)


def test_due_soon_and_reopened_tabs_list_what_their_names_say(client, topic, department, moderator,
                                                              department_staff, resident):
    soon = make_demand(topic, title="明天到期的诉求").forward(to=department, by=moderator)
    Demand.objects.filter(pk=soon.pk).update(accept_due_at=timezone.now() + datetime.timedelta(hours=1))
    far = make_demand(topic, title="还早的诉求").forward(to=department, by=moderator)
    Demand.objects.filter(pk=far.pk).update(accept_due_at=timezone.now() + datetime.timedelta(days=20))
    again = make_demand(topic, title="不满意重办的诉求", author=resident).forward(to=department, by=moderator)
    again.accept(by=department_staff)
    again.answer(text="已处理。", by=department_staff)
    again.rate(satisfaction="dissatisfied", by=resident)
    client.force_login(department_staff)
    due_soon = client.get(reverse("demands_admin:workspace") + "?tab=due_soon").content.decode()
    assert "明天到期的诉求" in due_soon and "还早的诉求" not in due_soon
    reopened = client.get(reverse("demands_admin:workspace") + "?tab=reopened").content.decode()
    assert "不满意重办的诉求" in reopened and "data-reopened" in reopened and "明天到期的诉求" not in reopened
    accepted = client.get(reverse("demands_admin:workspace") + "?tab=accepted").content.decode()
    assert "data-reopened" in accepted  # marked wherever it is listed


def test_overdue_work_is_sorted_most_overdue_first_with_working_days(client, topic, department, moderator,
                                                                     department_staff):
    slightly = late(make_demand(topic, title="稍晚").forward(to=department, by=moderator), days=2)
    badly = late(make_demand(topic, title="很晚").forward(to=department, by=moderator), days=30)
    client.force_login(department_staff)
    html = client.get(reverse("demands_admin:workspace") + "?tab=overdue").content.decode()
    assert html.index(badly.tracking_number) < html.index(slightly.tracking_number)
    days = [int(n) for n in re.findall(r'data-days-left="(-?\d+)"', html)]
    assert days[0] < days[1] < 0


def test_working_days_left_skip_the_weekend():
    tz = timezone.get_current_timezone()
    friday = datetime.datetime(2026, 3, 6, 10, tzinfo=tz)  # a Friday without a holiday
    monday = datetime.datetime(2026, 3, 9, 18, tzinfo=tz)
    thursday = datetime.datetime(2026, 3, 5, 18, tzinfo=tz)
    left = working_days_left_counter(friday, [monday, thursday])
    assert left(monday) == 1 and left(thursday) == -1 and left(friday.replace(hour=18)) == 0


def test_the_timeline_shows_labels_not_codes(client, topic, resident, department, moderator, department_staff):
    demand = make_demand(topic, author=resident).forward(to=department, by=moderator)
    demand.accept(by=department_staff)
    demand.answer(text="已处理。", by=department_staff)
    demand.rate(satisfaction="dissatisfied", by=resident)
    notes = {e.action: e.note_display for e in DemandEvent.objects.filter(demand=demand)}
    assert notes[DemandEvent.Action.SUBMITTED] == "网站表单"
    assert notes[DemandEvent.Action.RATED] == "不满意"
    client.force_login(department_staff)
    html = client.get(reverse("demands_admin:workspace_detail", args=[demand.pk])).content.decode()
    assert "— 不满意" in html and "— dissatisfied" not in html and "— web" not in html
