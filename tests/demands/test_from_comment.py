"""“Forward as demand” from the comment moderation queue."""

import pytest
from django.urls import reverse

from engagement.comments.admin_views import extra_actions
from engagement.demands.models import Demand
from engagement.notifications.models import Notification
from tests.comments.factories import comment, make_resident
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident_comment(news_section):
    article = ArticlePageFactory(parent=news_section)
    return comment(article, make_resident("commenter"), text="北门消防通道天天被占，希望城管来管一管。")


def test_the_queue_offers_forward_as_demand_to_moderators_only(rf, resident_comment, moderator, chief_editor):
    forward = reverse("demands_admin:from_comment", args=[resident_comment.pk])
    request = rf.get("/")
    request.user = moderator
    assert forward in [url for _label, url in extra_actions(resident_comment, request)]
    request.user = chief_editor
    assert forward not in [url for _label, url in extra_actions(resident_comment, request)]


def test_forwarding_a_comment_creates_a_linked_prefilled_demand_and_tells_the_commenter(
        client, resident_comment, moderator, topic, grid):
    client.force_login(moderator)
    url = reverse("demands_admin:from_comment", args=[resident_comment.pk])
    form = client.get(url).content.decode()
    assert "北门消防通道天天被占" in form and "commenter@example.com" in form  # the comment and its author's email
    client.post(url, {"topic": topic.pk, "area": grid.pk, "kind": "complaint", "title": "北门消防通道被占",
                      "is_public": "1", "contact_email": "commenter@example.com"})
    demand = Demand.objects.get()
    assert (demand.comment_id, demand.channel, demand.author) == (resident_comment.pk, "comment", resident_comment.user)
    assert demand.description == resident_comment.comment
    told = Notification.objects.get(kind="comment_forwarded_as_demand")
    assert told.recipient == "commenter@example.com" and demand.tracking_number in told.subject


def test_only_moderators_forward_comments(client, resident_comment, department_staff):
    client.force_login(department_staff)
    url = reverse("demands_admin:from_comment", args=[resident_comment.pk])
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail: refused, back home
