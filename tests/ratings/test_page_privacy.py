"""Rating a policy follows the policy page's privacy (issue 13): no rating and no rating panel for
whoever cannot view the page (content.visibility.page_is_viewable)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory

from engagement.ratings.models import PolicyRating
from engagement.ratings.panels import policy_rating_panel
from tests.factories import PolicyPageFactory
from tests.page_privacy import assert_refused, enter_password, restrict_to_groups, restrict_to_login, restrict_with_password

pytestmark = pytest.mark.django_db

RATING = {"score": 4, "satisfaction": "satisfied", "reason": "指引清楚"}


@pytest.fixture
def policy(policy_section, department):
    return PolicyPageFactory(parent=policy_section, title="内部征求意见稿", slug="draft-policy",
                             issuing_department=department)


def rate(client, page_id):
    return client.post(f"/ratings/policy/{page_id}/", RATING)


def test_a_rating_of_a_password_policy_is_refused_without_the_password(client, resident, policy):
    restrict_with_password(policy)
    client.force_login(resident)

    assert_refused(rate(client, policy.pk), policy)
    assert not PolicyRating.objects.exists()


def test_after_entering_the_password_the_rating_is_saved(client, resident, policy):
    restriction = restrict_with_password(policy)
    client.force_login(resident)
    enter_password(client, restriction, policy)

    rate(client, policy.pk)

    assert PolicyRating.objects.get().page_id == policy.pk


def test_a_group_restricted_policy_refuses_a_plain_resident_and_accepts_a_member(client, resident, policy):
    group = Group.objects.create(name="人大代表")
    restrict_to_groups(policy, group)
    client.force_login(resident)

    assert_refused(rate(client, policy.pk), policy)
    assert not PolicyRating.objects.exists()

    resident.groups.add(group)
    rate(client, policy.pk)
    assert PolicyRating.objects.filter(user=resident).count() == 1


def test_a_login_restricted_policy_sends_a_visitor_back_without_a_rating(client, policy):
    restrict_to_login(policy)

    assert_refused(rate(client, policy.pk), policy)
    assert not PolicyRating.objects.exists()


def test_an_unpublished_or_missing_policy_is_404(client, resident, policy):
    client.force_login(resident)
    assert rate(client, policy.pk + 1000).status_code == 404
    policy.unpublish()
    assert rate(client, policy.pk).status_code == 404
    assert not PolicyRating.objects.exists()


def _request(page, user=None, session=None):
    request = RequestFactory().get(page.url)
    request.user = user or AnonymousUser()
    request.session = session if session is not None else {}
    return request


def test_the_rating_panel_is_not_rendered_to_whoever_cannot_view_the_policy(resident, policy):
    restriction = restrict_with_password(policy)

    assert policy_rating_panel(policy, _request(policy, resident)) is None

    passed = {restriction.passed_view_restrictions_session_key: [restriction.pk]}
    assert 'id="policy-rating"' in policy_rating_panel(policy, _request(policy, resident, passed))


def test_the_rating_panel_is_not_rendered_under_an_unpublished_policy(resident, policy):
    policy.unpublish()
    policy.refresh_from_db()

    assert policy_rating_panel(policy, _request(policy, resident)) is None
