"""The permission matrix: each role × each action × own / other department (DESIGN.md's table)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from engagement.demands import permissions as perms

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "editor", "chief_editor", "moderator", "department_staff",
         "other_department_staff", "supervisor"]

# action, state of the demand, roles allowed (department_staff = the demand's own department)
MATRIX = [
    ("forward", "demand", {"moderator"}),
    ("reject", "demand", {"moderator"}),
    ("merge", "demand", {"moderator"}),
    ("change_kind", "demand", {"moderator"}),
    ("change_kind", "accepted", {"moderator"}),
    ("view_in_triage", "demand", {"moderator"}),
    ("accept", "forwarded", {"department_staff"}),
    ("return", "forwarded", {"department_staff"}),
    ("answer", "accepted", {"department_staff"}),
    ("extend", "accepted", {"department_staff"}),
    ("decide_extension", "accepted", {"supervisor"}),
    ("view_in_workspace", "forwarded", {"department_staff", "supervisor"}),
    ("view_contact", "demand", {"resident", "moderator", "supervisor"}),  # resident = the author
    ("view_contact", "forwarded", {"resident", "department_staff", "supervisor"}),
    ("rate", "answered", {"resident"}),
    ("read", "demand", set(ROLES)),  # a public submitted demand: everyone
    # Refused in the wrong state, whoever asks:
    ("forward", "forwarded", set()),
    ("accept", "accepted", set()),
    ("answer", "forwarded", set()),
    ("rate", "accepted", set()),
]


def user_for(request, role):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("action,state,allowed", MATRIX, ids=[f"{a}-{s}" for a, s, _ in MATRIX])
def test_permission_matrix(request, action, state, allowed):
    demand = request.getfixturevalue(state)
    got = {role for role in ROLES if perms.can(user_for(request, role), action, demand)}
    assert got == allowed
    # The list a screen shows is the same rule as the check on one demand.
    listed = {role for role in ROLES if perms.policy.instances_user_has_permission_for(
        user_for(request, role), action).filter(pk=demand.pk).exists()}
    if action != "view_contact":
        assert listed == allowed


def test_supporting_is_for_logged_in_people_other_than_the_author(request, forwarded):
    got = {role for role in ROLES if perms.can_support(user_for(request, role), forwarded)}
    assert got == {"editor", "chief_editor", "moderator", "department_staff", "other_department_staff", "supervisor"}


@pytest.mark.parametrize("area,allowed", [
    ("triage", {"moderator"}),
    ("enter", {"moderator"}),
    ("use_workspace", {"department_staff", "other_department_staff", "supervisor"}),
    ("manage_deadlines", {"supervisor"}),
    ("export", {"supervisor"}),
    ("export_contact", {"supervisor"}),
])
def test_admin_areas_by_role(request, db, area, allowed, department, other_department):
    assert {role for role in ROLES if perms.can(user_for(request, role), area)} == allowed
