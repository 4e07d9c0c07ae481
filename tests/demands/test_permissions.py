"""The permission matrix: each role × each action × own / other department (DESIGN.md's table)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from engagement.demands import permissions as perms

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "editor", "chief_editor", "moderator", "department_staff",
         "other_department_staff", "supervisor"]

# action, state of the demand, roles allowed (department_staff = the demand's own department)
MATRIX = [
    ("can_forward", "demand", {"moderator"}),
    ("can_reject", "demand", {"moderator"}),
    ("can_merge", "demand", {"moderator"}),
    ("can_change_kind", "demand", {"moderator"}),
    ("can_change_kind", "accepted", {"moderator"}),
    ("can_view_in_triage", "demand", {"moderator"}),
    ("can_accept", "forwarded", {"department_staff"}),
    ("can_return", "forwarded", {"department_staff"}),
    ("can_answer", "accepted", {"department_staff"}),
    ("can_request_extension", "accepted", {"department_staff"}),
    ("can_decide_extension", "accepted", {"supervisor"}),
    ("can_view_in_workspace", "forwarded", {"department_staff", "supervisor"}),
    ("can_view_contact", "demand", {"resident", "moderator", "supervisor"}),  # resident = the author
    ("can_view_contact", "forwarded", {"resident", "department_staff", "supervisor"}),
    ("can_rate", "answered", {"resident"}),
    ("can_support", "forwarded", {"editor", "chief_editor", "moderator", "department_staff",
                                  "other_department_staff", "supervisor"}),  # logged in, not the author
    # Refused in the wrong state, whoever asks:
    ("can_forward", "forwarded", set()),
    ("can_accept", "accepted", set()),
    ("can_answer", "forwarded", set()),
    ("can_rate", "accepted", set()),
]


def user_for(request, role):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("action,state,allowed", MATRIX, ids=[f"{a}-{s}" for a, s, _ in MATRIX])
def test_permission_matrix(request, action, state, allowed):
    demand = request.getfixturevalue(state)
    check = getattr(perms, action)
    got = {role for role in ROLES if check(user_for(request, role), demand)}
    assert got == allowed


@pytest.mark.parametrize("check,allowed", [
    (perms.can_use_triage, {"moderator"}),
    (perms.can_enter_demand, {"moderator"}),
    (perms.can_use_workspace, {"department_staff", "other_department_staff", "supervisor"}),
    (perms.can_manage_deadlines, {"supervisor"}),
    (perms.can_export, {"supervisor"}),
    (perms.can_export_contact, {"supervisor"}),
])
def test_admin_areas_by_role(request, db, check, allowed, department, other_department):
    assert {role for role in ROLES if check(user_for(request, role))} == allowed
