"""The loop visible on the story: demands forwarded from a story's comments show under it, the demand
links back to its comment, the moderator titles a forwarded comment, and residents whose demands were
merged are told of the answer and rate it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django_comments_xtd.models import XtdComment

from engagement.comments import services as comment_services
from engagement.demands.models import Demand, DemandRating, Satisfaction, Status
from engagement.demands.panels import story_panel
from engagement.demands.transitions import TransitionNotAllowed
from engagement.notifications.models import Notification
from tests.comments.factories import comment, make_resident
from tests.factories import ArticlePageFactory, PolicyPageFactory, UserFactory

from .factories import make_demand

pytestmark = pytest.mark.django_db

LONG_ANSWER = ("已安排执法队员每晚七点至十点在北门巡查，违停车辆当场劝离并贴单。"
               "同时已在北门加装隔离桩，并在小区内施划临时停车位二十个，供居民夜间停放。"
               "后续我局将会同街道、物业每月复查一次，如仍有占用消防通道的情况，请拨打12319反映，"
               "我们会在两个工作日内到场处理。尾句不应出现在摘要里。")


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


@pytest.fixture
def article(news_section):
    return ArticlePageFactory(parent=news_section, title="北门停车整治见效了吗", slug="parking")


def forwarded_from(page, *, title, text="北门消防通道天天被占，希望城管来管一管。", author=None, is_public=True,
                   topic):
    """A comment on `page` forwarded as a demand, as the moderation queue does it."""
    author = author or make_resident(f"commenter{XtdComment.objects.count()}")
    c = comment(page, author, text=text)
    demand = make_demand(topic, author=author, title=title, is_public=is_public, channel="comment",
                         comment_id=c.pk)
    return c, demand


def answered_and_rated(demand, *, department, moderator, staff, text=LONG_ANSWER,
                       satisfaction="basically_satisfied"):
    demand.forward(to=department, by=moderator)
    demand.accept(by=staff)
    demand.answer(text=text, by=staff)
    if satisfaction:
        demand.rate(satisfaction=satisfaction, resolved=True, by=demand.author)
    return demand


def panel_of(html):
    assert 'id="story-demands"' in html, "the demands panel is not on the page"
    return html[html.index('id="story-demands"'):].split("</section>", 1)[0]


# --- 1. the panel under the story ------------------------------------------------------------------
def test_the_story_lists_the_public_demands_forwarded_from_its_comments(
        client, article, topic, department, moderator, department_staff):
    _c, shown = forwarded_from(article, title="北门消防通道被占", topic=topic)
    answered_and_rated(shown, department=department, moderator=moderator, staff=department_staff)
    forwarded_from(article, title="我家门口的私事", is_public=False, topic=topic)
    _c, rejected = forwarded_from(article, title="被驳回的转办", topic=topic)
    rejected.reject(by=moderator, reason="不属于诉求")
    elsewhere = ArticlePageFactory(parent=article.get_parent(), title="另一篇报道", slug="other")
    forwarded_from(elsewhere, title="别处的诉求", topic=topic)

    html = client.get(article.url).content.decode()
    panel = panel_of(html)
    shown.refresh_from_db()
    assert f'href="{shown.get_absolute_url()}"' in panel and "北门消防通道被占" in panel
    assert shown.get_status_display() in panel and "城市管理局" in panel
    assert LONG_ANSWER[:40] in panel and "尾句不应出现在摘要里" not in panel  # the answer's first lines only
    assert str(Satisfaction.BASICALLY_SATISFIED.label) in panel
    for hidden in ("我家门口的私事", "被驳回的转办", "别处的诉求"):
        assert hidden not in html
    assert html.index('id="comments"') < html.index('id="story-demands"')  # under the discussion


def test_a_policy_page_shows_its_forwarded_demands_and_a_story_without_any_shows_no_panel(
        client, policy_section, department, topic, news_section):
    policy = PolicyPageFactory(parent=policy_section, title="垃圾分类政策解读", slug="waste",
                               issuing_department=department)
    _c, demand = forwarded_from(policy, title="垃圾站清运不及时", topic=topic)
    assert "垃圾站清运不及时" in panel_of(client.get(policy.url).content.decode())
    quiet = ArticlePageFactory(parent=news_section, title="没有转办的报道", slug="quiet")
    assert 'id="story-demands"' not in client.get(quiet.url).content.decode()
    assert demand.status == Status.SUBMITTED


def test_the_panel_takes_the_same_number_of_queries_for_one_or_five_demands(
        rf, article, topic, department, moderator, department_staff):
    request = rf.get(article.url)
    request.user = AnonymousUser()

    def add_demand(n):
        _c, d = forwarded_from(article, title=f"转办诉求{n}", topic=topic)
        answered_and_rated(d, department=department, moderator=moderator, staff=department_staff)

    story_panel(article, request)  # warm caches (content types) once
    add_demand(0)  # each demand purges what was kept for its story: both panels below read anew
    with CaptureQueriesContext(connection) as one:
        html = story_panel(article, request)
    assert "转办诉求0" in html
    for n in range(1, 5):
        add_demand(n)
    with CaptureQueriesContext(connection) as five:
        html = story_panel(article, request)
    assert all(f"转办诉求{n}" in html for n in range(5))
    assert len(five) == len(one)


# --- 2. the demand links back to the story and the comment -------------------------------------------
def test_the_demand_page_links_back_to_the_story_and_the_comment(client, article, topic):
    c, demand = forwarded_from(article, title="北门消防通道被占", topic=topic)
    html = client.get(demand.get_absolute_url()).content.decode()
    assert f'href="{article.url}"' in html and article.title in html
    assert f'href="{article.url}#comment-{c.pk}"' in html
    # …and the comment really carries that anchor on the story
    assert f'id="comment-{c.pk}"' in client.get(article.url).content.decode()


def test_no_back_link_once_the_comment_is_hidden_or_the_story_unpublished(client, article, topic, moderator):
    c, demand = forwarded_from(article, title="北门消防通道被占", topic=topic)
    comment_services.reject(XtdComment.objects.get(pk=c.pk), by=moderator, reason="含个人信息")
    assert f"#comment-{c.pk}" not in client.get(demand.get_absolute_url()).content.decode()

    c2, demand2 = forwarded_from(article, title="另一条转办", topic=topic)
    article.unpublish()
    html = client.get(demand2.get_absolute_url()).content.decode()
    assert f"#comment-{c2.pk}" not in html and f'href="{article.url}"' not in html


# --- 3. the moderator writes the title of a forwarded comment ----------------------------------------
def test_forwarding_a_comment_needs_the_moderators_title_and_uses_the_comment_as_description(
        client, article, moderator, topic, grid):
    c = comment(article, make_resident("commenter"), text="北门消防通道天天被占，晚上七点以后尤其严重，希望城管来管一管。")
    client.force_login(moderator)
    url = reverse("demands_admin:from_comment", args=[c.pk])
    form = client.get(url).content.decode()
    assert escape(_("Title of the demand (written by you)")) in form
    assert _("The comment's text becomes the description") in form and c.comment in form
    assert escape(_("Your name")) not in form and escape(_("Commenter's name")) in form  # it speaks to staff
    assert '<textarea name="description"' not in form and 'name="title" value=' not in form  # no title written for them

    data = {"topic": topic.pk, "area": grid.pk, "kind": "complaint", "is_public": "1"}
    response = client.post(url, data)
    assert response.status_code == 200 and not Demand.objects.exists()
    assert _("This field is required.") in response.content.decode()

    client.post(url, {**data, "title": "幸福里北门消防通道夜间被占"})
    demand = Demand.objects.get()
    assert (demand.title, demand.description) == ("幸福里北门消防通道夜间被占", c.comment)
    assert (demand.channel, demand.comment_id, demand.author) == ("comment", c.pk, c.user)


# --- 4. residents whose demands were merged --------------------------------------------------------------
@pytest.fixture
def merged_case(topic, resident, moderator):
    """A surviving demand, a neighbour's duplicate merged into it, and a phoned-in one merged too."""
    survivor = make_demand(topic, author=resident, title="北门消防通道被占")
    neighbour = make_resident("neighbour")
    duplicate = make_demand(topic, author=neighbour, title="北门总有车堵着")
    duplicate.merge(into=survivor, by=moderator)
    phoned = make_demand(topic, title="电话反映北门停车", contact={"name": "老李", "email": "lao.li@example.cn"},
                         channel="phone")
    phoned.merge(into=survivor, by=moderator)
    return survivor, neighbour, duplicate


def test_residents_of_merged_demands_are_emailed_when_the_surviving_demand_is_answered(
        merged_case, department, moderator, department_staff, resident):
    survivor, neighbour, duplicate = merged_case
    survivor.forward(to=department, by=moderator)
    survivor.accept(by=department_staff)
    assert not Notification.objects.filter(kind="demand_merged_answered").exists()
    survivor.answer(text=LONG_ANSWER, by=department_staff)
    told = Notification.objects.filter(kind="demand_merged_answered")
    assert sorted(n.recipient for n in told) == ["lao.li@example.cn", neighbour.email]
    to_neighbour = told.get(recipient=neighbour.email)
    assert survivor.tracking_number in to_neighbour.subject and duplicate.tracking_number in to_neighbour.body
    assert survivor.get_absolute_url() in to_neighbour.body and to_neighbour.user == neighbour
    assert Notification.objects.filter(kind="demand_answered", recipient=resident.email).count() == 1


def test_a_merged_resident_rates_the_answer_once_and_a_stranger_cannot(
        client, merged_case, department, moderator, department_staff, resident):
    survivor, neighbour, duplicate = merged_case
    with pytest.raises(TransitionNotAllowed):  # nothing to rate before the answer
        duplicate.rate_merged_answer(satisfaction="satisfied", by=neighbour)
    survivor.forward(to=department, by=moderator)
    survivor.accept(by=department_staff)
    survivor.answer(text=LONG_ANSWER, by=department_staff)
    survivor.rate(satisfaction="satisfied", by=resident, comment="作者本人的评价")  # closes it
    rate_url = reverse("demands:rate_merged", args=[survivor.tracking_number])

    stranger = UserFactory(username="stranger")
    client.force_login(stranger)
    assert f'action="{rate_url}"' not in client.get(survivor.get_absolute_url()).content.decode()
    client.post(rate_url, {"satisfaction": "dissatisfied"})
    assert not DemandRating.objects.filter(demand=duplicate).exists()

    client.force_login(neighbour)
    page = client.get(survivor.get_absolute_url()).content.decode()
    assert f'action="{rate_url}"' in page and duplicate.tracking_number in page
    response = client.post(rate_url, {"satisfaction": "dissatisfied", "resolved": "no", "comment": "晚上还是有车"},
                           follow=True)
    rating = DemandRating.objects.get(demand=duplicate)
    assert (rating.round, rating.satisfaction, rating.resolved) == (1, "dissatisfied", False)
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert (survivor.status, duplicate.status) == (Status.CLOSED, Status.MERGED)  # neither demand moves
    page = response.content.decode()
    assert f'action="{rate_url}"' not in page  # once
    assert str(Satisfaction.DISSATISFIED.label) in page and "晚上还是有车" in page  # beside the author's
    assert "作者本人的评价" in page

    client.post(rate_url, {"satisfaction": "satisfied"})
    assert DemandRating.objects.filter(demand=duplicate).count() == 1
    assert DemandRating.objects.filter(demand=survivor).count() == 1
