"""Demands benchmark: 1,000 then 10,000 demands across 8 departments (bulk_create on a throwaway DB).

The demands live through a realistic year: forwarded over the last 12 months (so the statistics
cohort is nearly everything), accepted — about 15% after the accept deadline — answered on time or
late, rated (satisfied / basically / dissatisfied, "problem solved" yes / no / not asked), a
dissatisfied first rating reopening a second round, some stalled past a deadline (overdue), a few
rejected, about 15% private. The first-round facts (first_accepted_at, accepted_on_time,
first_answer_due_at, first_answered_at, first_answered_on_time) are filled as the transitions would.

Prints SQL queries, median wall time and median CPU time for the public list, a demand page, a department inbox
(admin workspace), the department league table, a department page (its scorecard), /transparency/
with django's cache cleared before every request (the page caches its tables for 5 minutes: the
figure is the computation), transparency.compute() on its own, and the open data (demands CSV and
JSON, private totals JSON), and the demands map (grid_map.compute(): the grids' open and overdue public
demands, drawn on /demands/ and /transparency/). Query counts must be the same at both sizes; /transparency/ uncached
must stay under 500 ms at 10,000 demands.

    .venv/bin/python bench/demands.py [--runs 7]
"""

import datetime
import os
import random
import statistics
import time

from harness import arguments, build_home, throwaway_database

SIZES = (1_000, 10_000)
DEPARTMENTS = 8
TRANSPARENCY_TARGET_MS = 500
PRIVATE_SHARE = 0.15
LATE_ACCEPT_SHARE = 0.15
TRANSPARENCY = "/transparency/ (uncached)"


def build_vocabulary():
    from content.seed.geo import seed_boundaries
    from tests.factories import AreaFactory, DepartmentFactory, TopicFactory

    build_home()
    departments = [DepartmentFactory(name=f"部门{n}", slug=f"bench-dept-{n}") for n in range(DEPARTMENTS)]
    topics = [TopicFactory(name=f"主题{n}", slug=f"bench-topic-{n}", default_department=departments[n])
              for n in range(DEPARTMENTS)]
    grids = [AreaFactory.grid(name=f"网格{n}") for n in range(4)]
    seed_boundaries()  # the demands map draws the grids that have one
    return departments, topics, grids


def _days(lo, hi, rng):
    return datetime.timedelta(days=rng.uniform(lo, hi))


def _rating(rng):
    """(satisfaction, resolved): resolved True / False / None (question not answered), as residents answer."""
    satisfaction = rng.choices(["satisfied", "basically_satisfied", "dissatisfied"], [55, 25, 20])[0]
    odds = {"satisfied": [80, 5, 15], "basically_satisfied": [50, 30, 20], "dissatisfied": [5, 75, 20]}[satisfaction]
    return satisfaction, rng.choices([True, False, None], odds)[0]


def live(d, department, now, rng):
    """Walk ``d`` (submitted) through its life up to ``now``, as the transitions would record it.

    Returns (answers, ratings, events) to create: [(round, when)], [(round, satisfaction, resolved, when)],
    [(action, from, to, when)]. Some demands stall at a step (so they go overdue) and stop there.
    """
    answers, ratings, events = [], [], [("submitted", "", "submitted", d.submitted_at)]
    if rng.random() < 0.02:  # rejected at triage: never forwarded, not publicly readable
        when = min(now, d.submitted_at + _days(0.05, 2, rng))
        d.status, d.closed_at = "rejected", when
        events.append(("rejected", "submitted", "rejected", when))
        return answers, ratings, events
    forwarded = d.submitted_at + _days(0.04, 1.5, rng)
    if forwarded > now or rng.random() < 0.02:  # still in triage
        return answers, ratings, events
    d.status, d.department, d.forwarded_at = "forwarded", department, forwarded
    d.accept_due_at = forwarded + datetime.timedelta(days=3)
    events.append(("forwarded", "submitted", "forwarded", forwarded))
    accepted = forwarded + (_days(3.2, 8, rng) if rng.random() < LATE_ACCEPT_SHARE else _days(0.05, 2.8, rng))
    if accepted > now or rng.random() < 0.03:  # not accepted yet (overdue once past accept_due_at)
        return answers, ratings, events
    d.status, d.accepted_at = "accepted", accepted
    d.first_accepted_at, d.accepted_on_time = accepted, accepted <= d.accept_due_at
    d.answer_due_at = accepted + datetime.timedelta(days=14)
    events.append(("accepted", "forwarded", "accepted", accepted))
    for round_ in (1, 2):
        answered = d.accepted_at + _days(1, 20, rng)  # about a third after the 14-day deadline
        if answered > now or rng.random() < 0.04:  # still being worked on (overdue once past answer_due_at)
            return answers, ratings, events
        d.status, d.answered_at = "answered", answered
        if round_ == 1:
            d.first_answered_at, d.first_answer_due_at = answered, d.answer_due_at
            d.first_answered_on_time = answered <= d.answer_due_at
        answers.append((round_, answered))
        events.append(("answered", "accepted", "answered", answered))
        if rng.random() < 0.2:  # never rated: closed automatically a week later
            closed = answered + datetime.timedelta(days=7)
            if closed <= now:
                d.status, d.closed_at = "closed", closed
                events.append(("auto_closed", "answered", "closed", closed))
            return answers, ratings, events
        rated = answered + _days(0.2, 6.5, rng)
        if rated > now:
            return answers, ratings, events
        satisfaction, resolved = _rating(rng)
        ratings.append((round_, satisfaction, resolved, rated))
        events.append(("rated", "answered", "answered", rated))  # the rating itself: DemandRating (to_status is a status)
        if satisfaction != "dissatisfied" or round_ == 2:
            d.status, d.closed_at = "closed", rated
            events.append(("closed", "answered", "closed", rated))
            return answers, ratings, events
        # a dissatisfied first rating reopens the demand for one follow-up round
        d.status, d.round, d.accepted_at = "accepted", 2, rated
        d.answer_due_at = rated + datetime.timedelta(days=14)
        events.append(("reopened", "answered", "accepted", rated))
    return answers, ratings, events


def fill(start, count, departments, topics, grids, rng):
    """`count` more demands forwarded over the last 12 months, with their answers, ratings and events."""
    from django.utils import timezone

    from engagement.demands.models import Demand, DemandAnswer, DemandContact, DemandEvent, DemandRating

    now = timezone.now()
    demands, lives = [], {}
    for i in range(start, start + count):
        n = i % DEPARTMENTS
        d = Demand(tracking_number=f"GZ-2026-{i + 1:06d}", title=f"诉求{i}：小区停车难", description="描述" * 40,
                   topic=topics[n], area=grids[i % len(grids)],
                   kind=rng.choices(["enquiry", "help", "complaint", "suggestion"], [40, 20, 30, 10])[0],
                   is_public=rng.random() >= PRIVATE_SHARE, submitted_at=now - _days(0, 365, rng), status="submitted")
        lives[d.tracking_number] = live(d, departments[n], now, rng)
        demands.append(d)
    Demand.objects.bulk_create(demands, batch_size=1000)
    demands = list(Demand.objects.filter(tracking_number__in=list(lives)))
    DemandContact.objects.bulk_create([DemandContact(demand=d, name="王小明", phone="13912345678") for d in demands],
                                      batch_size=1000)
    answers, ratings, events = [], [], []
    for d in demands:
        d_answers, d_ratings, d_events = lives[d.tracking_number]
        answers += [DemandAnswer(demand=d, round=r, text="已处理。" * 20, department_id=d.department_id, created_at=when)
                    for r, when in d_answers]
        ratings += [DemandRating(demand=d, round=r, satisfaction=s, resolved=resolved, created_at=when)
                    for r, s, resolved, when in d_ratings]
        events += [DemandEvent(demand=d, action=action, from_status=src, to_status=dst, created_at=when,
                               department_id=d.department_id if action != "submitted" else None)
                   for action, src, dst, when in d_events]
    DemandAnswer.objects.bulk_create(answers, batch_size=1000)
    DemandRating.objects.bulk_create(ratings, batch_size=1000)
    DemandEvent.objects.bulk_create(events, batch_size=2000)


def measure(client, url, runs, uncached=False):
    """Like harness.measure (one warm-up GET, then ``runs``): (queries, median wall s, median CPU s).

    CPU time (this process: Python and SQLite) is printed beside wall time because on a busy machine
    wall time also counts waiting for a core. ``uncached``: django's cache is cleared before every
    request (the warm-up one too), so a page that caches its tables computes them every time.
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if uncached:
        cache.clear()
    client.get(url)  # warm-up: templates, translations, first-use caches
    walls, cpus, queries = [], [], 0
    for _ in range(runs):
        if uncached:
            cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return queries, statistics.median(walls), statistics.median(cpus)


def measure_call(fn, runs):
    """The same for a function call: (queries of the last call, median wall s, median CPU s)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    walls, cpus, queries = [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        queries = len(ctx.captured_queries)
    return queries, statistics.median(walls), statistics.median(cpus)


def describe(size):
    """One line about the data: how big the statistics cohort is, private share, late accepts."""
    from django.db.models import Count, Q

    from engagement.demands import statistics as figures
    from engagement.demands.models import Demand, DemandRating

    cohort = figures.received(figures.default_period())
    c = cohort.aggregate(n=Count("pk"), private=Count("pk", filter=Q(is_public=False)),
                         accepted=Count("pk", filter=Q(first_accepted_at__isnull=False)),
                         late=Count("pk", filter=Q(accepted_on_time=False)),
                         answered=Count("pk", filter=Q(first_answered_at__isnull=False)),
                         answered_late=Count("pk", filter=Q(first_answered_on_time=False)))
    r = DemandRating.objects.aggregate(n=Count("pk"), yes=Count("pk", filter=Q(resolved=True)),
                                       no=Count("pk", filter=Q(resolved=False)),
                                       none=Count("pk", filter=Q(resolved__isnull=True)))
    overdue = Demand.objects.overdue().count()
    print(f"{size:>8} data: cohort {c['n']} forwarded in 12 months ({c['private']} private), accepted "
          f"{c['accepted']} ({c['late']} late), answered {c['answered']} ({c['answered_late']} late), ratings "
          f"{r['n']} (solved {r['yes']}/{r['no']}/{r['none']} yes/no/not asked), overdue now {overdue}")


def main():
    args = arguments(runs=7).parse_args()

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client

    with throwaway_database():
        from engagement.demands import grid_map
        from engagement.demands.models import Demand
        from engagement.insights import transparency
        from tests.factories import UserFactory

        rng = random.Random(12345)
        departments, topics, grids = build_vocabulary()
        staff = UserFactory(username="bench-staff")
        staff.groups.add(Group.objects.get(name=departments[0].staff_group_name))
        visitor, staff_client = Client(), Client()
        staff_client.force_login(staff)
        print(f"Demands benchmark ({connection.vendor}, {DEPARTMENTS} departments, forwards over 12 months, "
              f"median of {args.runs} requests; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
        print("/transparency/ is measured UNCACHED: django's cache is cleared before every request, so the "
              "figure is the computation of its tables, not the 5-minute page cache.")
        print("wall = median wall time; cpu = median CPU time of this process (Python + SQLite), which a busy "
              "machine does not inflate.")
        print(f"{'demands':>8} {'view':<40} {'queries':>8} {'wall ms':>9} {'cpu ms':>9}")
        seen, walls, cpus, made = {}, {}, {}, 0
        for size in SIZES:
            fill(made, size - made, departments, topics, grids, rng)
            made = size
            describe(size)
            answered = Demand.objects.filter(status="closed", is_public=True, department=departments[0],
                                             ratings__isnull=False).first()
            views = [
                ("public list /demands/", visitor, "/demands/"),
                ("public list, filtered by department", visitor, f"/demands/?department={departments[0].slug}"),
                ("demand page (answered, rated)", visitor, answered.get_absolute_url()),
                ("department inbox (accepted tab)", staff_client, "/admin/demands/workspace/?tab=accepted"),
                ("department inbox (overdue tab)", staff_client, "/admin/demands/workspace/?tab=overdue"),
                ("league table /departments/", visitor, "/departments/"),
                ("department page /departments/<slug>/", visitor, departments[0].get_absolute_url()),
                (TRANSPARENCY, visitor, "/transparency/"),
                ("/transparency/demands.csv", visitor, "/transparency/demands.csv"),
                ("/transparency/demands.json", visitor, "/transparency/demands.json"),
                ("/transparency/private.json", visitor, "/transparency/private.json"),
            ]
            rows = [(label, lambda c=client, u=url, label=label: measure(c, u, args.runs, uncached=label == TRANSPARENCY))
                    for label, client, url in views]
            rows.append(("transparency.compute() alone", lambda: measure_call(transparency.compute, args.runs)))
            rows.append(("demands map grid_map.compute()", lambda: measure_call(grid_map.compute, args.runs)))
            for label, run in rows:
                queries, wall, cpu = run()
                seen.setdefault(label, {})[size] = queries
                walls.setdefault(label, {})[size] = wall
                cpus.setdefault(label, {})[size] = cpu
                print(f"{size:>8} {label:<40} {queries:>8} {wall * 1000:>9.1f} {cpu * 1000:>9.1f}")

        print("query count constant across sizes:")
        for label, by_size in seen.items():
            counts = " / ".join(f"{by_size[s]}" for s in SIZES)
            verdict = "yes" if len(set(by_size.values())) == 1 else "NO"
            print(f"  {label:<40} {verdict:<4} ({counts} at {' / '.join(f'{s:,}' for s in SIZES)})")
        flat = all(len(set(q.values())) == 1 for q in seen.values())
        print(f"query counts identical at both sizes: {'yes' if flat else 'NO'}")
        wall, cpu = walls[TRANSPARENCY][SIZES[-1]] * 1000, cpus[TRANSPARENCY][SIZES[-1]] * 1000
        print(f"/transparency/ uncached at {SIZES[-1]:,} demands under {TRANSPARENCY_TARGET_MS} ms (wall median): "
              f"{'yes' if wall < TRANSPARENCY_TARGET_MS else 'NO'} ({wall:.1f} ms wall, {cpu:.1f} ms cpu)")


if __name__ == "__main__":
    main()
