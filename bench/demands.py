"""Demands benchmark: 1,000 then 10,000 demands across 8 departments (bulk_create on a throwaway DB).

Prints SQL queries and median wall time for the public list, a demand page, a department inbox
(admin workspace), a department scorecard (its public page) and the league table. Query counts
must be the same at both sizes.

    .venv/bin/python bench/demands.py [--runs 7]
"""

import argparse
import datetime
import random

from harness import build_home, measure, throwaway_database

SIZES = (1_000, 10_000)
DEPARTMENTS = 8


def build_vocabulary():
    from tests.factories import AreaFactory, DepartmentFactory, TopicFactory

    build_home()
    departments = [DepartmentFactory(name=f"部门{n}", slug=f"bench-dept-{n}") for n in range(DEPARTMENTS)]
    topics = [TopicFactory(name=f"主题{n}", slug=f"bench-topic-{n}", default_department=departments[n])
              for n in range(DEPARTMENTS)]
    grids = [AreaFactory.grid(name=f"网格{n}") for n in range(4)]
    return departments, topics, grids


def fill(start, count, departments, topics, grids, rng):
    """`count` more demands in a realistic mix of states, with answers, ratings and events."""
    from django.utils import timezone

    from engagement.demands.models import Demand, DemandAnswer, DemandContact, DemandEvent, DemandRating

    now = timezone.now()
    demands = []
    for i in range(start, start + count):
        n = i % DEPARTMENTS
        submitted = now - datetime.timedelta(days=rng.uniform(0, 120))
        status = rng.choices(["submitted", "forwarded", "accepted", "answered", "closed"], [5, 10, 15, 20, 50])[0]
        d = Demand(tracking_number=f"GZ-2026-{i + 1:06d}", title=f"诉求{i}：小区停车难", description="描述" * 40,
                   topic=topics[n], area=grids[i % len(grids)], kind=rng.choice(["enquiry", "complaint"]),
                   is_public=rng.random() > 0.15, submitted_at=submitted, status=status)
        if status != "submitted":
            d.department = departments[n]
            d.forwarded_at = submitted + datetime.timedelta(hours=5)
            d.accept_due_at = d.forwarded_at + datetime.timedelta(days=3)
        if status in ("accepted", "answered", "closed"):
            d.accepted_at = d.forwarded_at + datetime.timedelta(hours=20)
            d.answer_due_at = d.accepted_at + datetime.timedelta(days=14)
        if status in ("answered", "closed"):
            d.answered_at = d.first_answered_at = d.accepted_at + datetime.timedelta(days=rng.uniform(1, 20))
            d.first_answered_on_time = d.answered_at <= d.answer_due_at
        if status == "closed":
            d.closed_at = d.answered_at + datetime.timedelta(days=2)
        demands.append(d)
    Demand.objects.bulk_create(demands, batch_size=1000)
    demands = list(Demand.objects.filter(tracking_number__in=[d.tracking_number for d in demands]))
    DemandContact.objects.bulk_create([DemandContact(demand=d, name="王小明", phone="13912345678") for d in demands],
                                      batch_size=1000)
    DemandAnswer.objects.bulk_create([
        DemandAnswer(demand=d, round=1, text="已处理。" * 20, department_id=d.department_id, created_at=d.answered_at)
        for d in demands if d.answered_at], batch_size=1000)
    DemandRating.objects.bulk_create([
        DemandRating(demand=d, round=1, satisfaction=rng.choice(["satisfied", "basically_satisfied", "dissatisfied"]))
        for d in demands if d.status == "closed"], batch_size=1000)
    events = []
    for d in demands:
        events.append(DemandEvent(demand=d, action="submitted", to_status="submitted", created_at=d.submitted_at))
        if d.forwarded_at:
            events.append(DemandEvent(demand=d, action="forwarded", from_status="submitted", to_status="forwarded",
                                      department_id=d.department_id, created_at=d.forwarded_at))
        if d.answered_at:
            events.append(DemandEvent(demand=d, action="answered", from_status="accepted", to_status="answered",
                                      department_id=d.department_id, created_at=d.answered_at))
    DemandEvent.objects.bulk_create(events, batch_size=2000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client

    with throwaway_database():
        from engagement.demands.models import Demand
        from tests.factories import UserFactory

        rng = random.Random(12345)
        departments, topics, grids = build_vocabulary()
        staff = UserFactory(username="bench-staff")
        staff.groups.add(Group.objects.get(name=departments[0].staff_group_name))
        visitor, staff_client = Client(), Client()
        staff_client.force_login(staff)
        print(f"Demands benchmark ({connection.vendor}, {DEPARTMENTS} departments, median of {args.runs} requests)")
        print(f"{'demands':>8} {'view':<34} {'queries':>8} {'median ms':>10}")
        seen, made = {}, 0
        for size in SIZES:
            fill(made, size - made, departments, topics, grids, rng)
            made = size
            answered = Demand.objects.filter(status="closed", is_public=True, department=departments[0]).first()
            views = [
                ("public list /demands/", visitor, "/demands/"),
                ("public list, filtered by department", visitor, f"/demands/?department={departments[0].slug}"),
                ("demand page (answered, rated)", visitor, answered.get_absolute_url()),
                ("department inbox (accepted tab)", staff_client, "/admin/demands/workspace/?tab=accepted"),
                ("department inbox (overdue tab)", staff_client, "/admin/demands/workspace/?tab=overdue"),
                ("scorecard /departments/<slug>/", visitor, departments[0].get_absolute_url()),
                ("league table /departments/", visitor, "/departments/"),
            ]
            for label, client, url in views:
                queries, median, _response = measure(client, url, args.runs)
                seen.setdefault(label, set()).add(queries)
                print(f"{size:>8} {label:<34} {queries:>8} {median * 1000:>10.1f}")
        flat = all(len(q) == 1 for q in seen.values())
        print(f"query counts identical at both sizes: {'yes' if flat else 'NO'}")


if __name__ == "__main__":
    main()
