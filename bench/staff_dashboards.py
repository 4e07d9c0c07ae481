"""Staff dashboards benchmark: the Wagtail dashboard of each role, triage and the workspace's tabs, and
the grid picker, at 1,000 then 10,000 demands (bench/demands.py's realistic year, on a throwaway DB).

Prints SQL queries, median wall time and median CPU time per page. Query counts must be the same at
both sizes (the dashboards count in the database; the rows' working days left take one calendar query).

    .venv/bin/python bench/staff_dashboards.py [--runs 5]
"""

import os
import random

from demands import build_vocabulary, fill, measure
from harness import arguments, throwaway_database

SIZES = (1_000, 10_000)


def member(username, group=None):
    from django.contrib.auth.models import Group
    from django.test import Client

    from tests.factories import UserFactory

    user = UserFactory(username=username)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def main():
    args = arguments(runs=5).parse_args()
    from django.db import connection

    with throwaway_database():
        from content.roles import MODERATORS, SUPERVISORS

        rng = random.Random(12345)
        departments, topics, grids = build_vocabulary()
        clients = {"moderator": member("bench-moderator", MODERATORS),
                   "department staff": member("bench-staff", departments[0].staff_group_name),
                   "supervisor": member("bench-supervisor", SUPERVISORS)}
        resident = member("bench-resident")
        views = [
            ("dashboard, moderator", clients["moderator"], "/admin/"),
            ("dashboard, department staff", clients["department staff"], "/admin/"),
            ("dashboard, supervisor", clients["supervisor"], "/admin/"),
            ("triage, longest waiting first", clients["moderator"], "/admin/demands/triage/"),
            ("workspace, due within a working day", clients["department staff"], "/admin/demands/workspace/?tab=due_soon"),
            ("workspace, reopened", clients["department staff"], "/admin/demands/workspace/?tab=reopened"),
            ("workspace, overdue (all departments)", clients["supervisor"], "/admin/demands/workspace/?tab=overdue"),
            ("new demand form (grid picker)", resident, "/demands/new/"),
        ]
        print(f"Staff dashboards benchmark ({connection.vendor}, median of {args.runs} requests; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
        print(f"{'demands':>8} {'view':<40} {'queries':>8} {'wall ms':>9} {'cpu ms':>9}")
        seen, made = {}, 0
        for size in SIZES:
            fill(made, size - made, departments, topics, grids, rng)
            made = size
            for label, client, url in views:
                queries, wall, cpu = measure(client, url, args.runs)
                seen.setdefault(label, {})[size] = queries
                print(f"{size:>8} {label:<40} {queries:>8} {wall * 1000:>9.1f} {cpu * 1000:>9.1f}")
        print("query count constant across sizes:")
        for label, by_size in seen.items():
            verdict = "yes" if len(set(by_size.values())) == 1 else "NO"
            print(f"  {label:<40} {verdict:<4} ({' / '.join(str(by_size[s]) for s in SIZES)})")


if __name__ == "__main__":
    main()
