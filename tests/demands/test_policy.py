"""The demands' permission policy: registered with Wagtail, department membership by key, staff of two
departments, menu items that match their views, and the lifecycle table every check reads."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse
from wagtail.permissions import policy_registry

from engagement.demands import permissions as perms
from engagement.demands.models import Demand
from engagement.demands.transitions import LIFECYCLE, TransitionNotAllowed
from engagement.demands.wagtail_hooks import demands_menu
from tests.factories import DepartmentFactory, TopicFactory, UserFactory

from .factories import make_demand

pytestmark = pytest.mark.django_db


def test_the_policy_is_the_one_wagtail_uses_for_demands():
    assert policy_registry.get_by_type(Demand) is perms.policy


def test_every_lifecycle_action_is_refused_outside_its_states(forwarded, department_staff, moderator):
    for action, step in LIFECYCLE.items():
        if forwarded.status not in step.sources:
            assert not perms.can(department_staff, action, forwarded)
            assert not perms.can(moderator, action, forwarded)
    with pytest.raises(TransitionNotAllowed):
        forwarded.answer(text="还没受理就答复", by=department_staff)


def test_membership_is_by_key_not_by_the_groups_name(forwarded, department, department_staff):
    group = department.staff_group
    group.name = "城管局诉求办理组"
    group.save()
    department_staff = type(department_staff).objects.get(pk=department_staff.pk)  # fresh permission caches
    assert perms.can(department_staff, "accept", forwarded)

    impostor = UserFactory(username="impostor")
    impostor.groups.add(Group.objects.create(name=f"部门 {department.slug}"))
    assert not perms.can(impostor, "accept", forwarded)
    assert not perms.can(impostor, "use_workspace")


def test_renaming_a_department_keeps_its_staff(department, department_staff):
    department.slug = "urban-management"
    department.save()
    department.refresh_from_db()
    assert department.staff_group.name == "部门 urban-management"
    assert department_staff.groups.filter(pk=department.staff_group_id).exists()


def test_a_staff_member_of_two_departments_works_both(client, topic, moderator, department, other_department):
    both = UserFactory(username="both")
    both.groups.add(department.staff_group, other_department.staff_group)
    ours = make_demand(topic, title="城管的诉求").forward(to=department, by=moderator)
    theirs = make_demand(TopicFactory(name="环保", slug="env"), title="环保的诉求").forward(
        to=other_department, by=moderator)
    elsewhere = make_demand(topic, title="别的部门的诉求").forward(to=DepartmentFactory(name="教育局", slug="jiaoyu"),
                                                              by=moderator)
    assert perms.can(both, "accept", ours) and perms.can(both, "accept", theirs)
    assert not perms.can(both, "accept", elsewhere)

    client.force_login(both)
    html = client.get(reverse("demands_admin:workspace")).content.decode()
    assert ours.tracking_number in html and theirs.tracking_number in html
    assert elsewhere.tracking_number not in html
    assert f'value="{other_department.slug}"' in html  # they choose among their own departments
    only_ours = client.get(reverse("demands_admin:workspace") + f"?department={department.slug}").content.decode()
    assert ours.tracking_number in only_ours and theirs.tracking_number not in only_ours
    assert client.get(reverse("demands_admin:workspace_detail", args=[elsewhere.pk])).status_code == 404


@pytest.mark.parametrize("role", ["moderator", "department_staff", "supervisor", "editor", "chief_editor"])
def test_each_demand_menu_item_is_shown_exactly_when_its_view_lets_the_user_in(request, client, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    rf_request = type("Request", (), {"user": user})()
    for item in demands_menu().menu.initial_menu_items:
        status = client.get(item.url).status_code
        assert item.is_shown(rf_request) == (status == 200), (role, item.name, status)


def test_anonymous_visitors_are_refused_every_area():
    for area in perms.AREAS:
        assert not perms.can(AnonymousUser(), area)
