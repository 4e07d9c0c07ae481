import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement.demands.models import Demand, DemandSupport
from tests.factories import UserFactory

from .factories import make_demand, photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def test_public_list_shows_public_demands_newest_first_and_filters(client, topic, grid, department, moderator):
    old = make_demand(topic, title="旧的诉求")
    new = make_demand(topic, title="新的诉求", area=grid)
    hidden = make_demand(topic, title="私密诉求", is_public=False)
    rejected = make_demand(topic, title="被驳回的诉求")
    rejected.reject(by=moderator, reason="重复")
    html = client.get("/demands/").content.decode()
    assert html.index("新的诉求") < html.index("旧的诉求")
    assert "私密诉求" not in html and "被驳回的诉求" not in html
    new.forward(to=department, by=moderator)
    filtered = client.get(f"/demands/?department={department.slug}").content.decode()
    assert "新的诉求" in filtered and "旧的诉求" not in filtered
    by_area = client.get(f"/demands/?area={grid.parent.parent.slug}").content.decode()  # the street
    assert "新的诉求" in by_area and "旧的诉求" not in by_area
    assert hidden and old


def test_public_list_query_count_does_not_grow(client, topic):
    for _ in range(3):
        make_demand(topic)
    client.get("/demands/")  # warm what a site caches once (e.g. its identity setting)
    with CaptureQueriesContext(connection) as few:
        client.get("/demands/")
    for _ in range(15):
        make_demand(topic)
    with CaptureQueriesContext(connection) as many:
        client.get("/demands/")
    assert len(many) == len(few)


def test_demand_page_shows_timeline_answer_and_rating(client, answered, resident):
    answered.rate(satisfaction="basically_satisfied", by=resident, comment="基本解决")
    html = client.get(answered.get_absolute_url()).content.decode()
    for text in (answered.title, "已安排执法队员每晚巡查", "城市管理局", "基本解决"):
        assert text in html


def test_private_demand_shows_only_existence_and_status(client, topic, resident, moderator):
    demand = make_demand(topic, author=resident, is_public=False, title="我家的私事")
    html = client.get(demand.get_absolute_url()).content.decode()
    assert demand.tracking_number in html and "我家的私事" not in html and demand.description not in html
    client.force_login(resident)
    assert "我家的私事" in client.get(demand.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert "我家的私事" not in client.get(demand.get_absolute_url()).content.decode()


def test_merged_tracking_number_redirects_to_the_surviving_demand(client, demand, topic, moderator):
    keep = make_demand(topic)
    demand.merge(into=keep, by=moderator)
    response = client.get(demand.get_absolute_url())
    assert response.status_code == 302 and response["Location"].endswith(keep.get_absolute_url())


def test_resident_submits_with_a_photo_and_sees_the_tracking_number(client, resident, topic, grid):
    client.force_login(resident)
    response = client.post("/demands/new/", {
        "topic": topic.pk, "area": grid.pk, "kind": "complaint", "title": "路灯不亮", "description": "三号路路灯坏了一周。",
        "is_public": "1", "contact_name": "张三", "contact_phone": "13700000000", "photos": [photo_upload()],
        "privacy_consent": "on",
    }, follow=True)
    demand = Demand.objects.get(title="路灯不亮")
    assert demand.tracking_number in response.content.decode()
    assert demand.photos.count() == 1 and demand.contact.phone == "13700000000" and demand.author == resident


def test_bad_input_writes_nothing_and_says_why(client, resident, topic, grid):
    client.force_login(resident)
    response = client.post("/demands/new/", {"topic": topic.pk, "area": grid.pk, "kind": "complaint", "title": "",
                                             "description": "x" * 5001, "is_public": "1"})
    assert response.status_code == 200 and not Demand.objects.exists()
    assert 'role="alert"' in response.content.decode()


def test_anonymous_visitors_must_log_in_to_submit(client):
    assert client.get("/demands/new/").status_code == 302


def test_submitting_is_rate_limited(client, resident, topic, grid):
    client.force_login(resident)
    data = {"topic": topic.pk, "area": grid.pk, "kind": "help", "title": "t", "description": "d", "is_public": "1",
            "privacy_consent": "on"}
    codes = [client.post("/demands/new/", data).status_code for _ in range(6)]
    assert codes[:5] == [302] * 5 and codes[5] == 429


def test_author_rates_once_and_dissatisfied_reopens(client, answered, resident):
    client.force_login(resident)
    client.post(reverse("demands:rate", args=[answered.tracking_number]), {"satisfaction": "dissatisfied"})
    answered.refresh_from_db()
    assert answered.status == "accepted" and answered.round == 2
    client.post(reverse("demands:rate", args=[answered.tracking_number]), {"satisfaction": "satisfied"})
    assert answered.ratings.count() == 1


def test_only_the_author_rates(client, answered):
    client.force_login(UserFactory())
    client.post(reverse("demands:rate", args=[answered.tracking_number]), {"satisfaction": "satisfied"})
    assert Demand.objects.get(pk=answered.pk).status == "answered"


def test_support_counts_once_per_resident(client, demand):
    supporter = UserFactory()
    client.force_login(supporter)
    for _ in range(2):
        client.post(reverse("demands:support", args=[demand.tracking_number]))
    assert DemandSupport.objects.filter(demand=demand).count() == 1
    assert "1" in client.get(demand.get_absolute_url()).content.decode()


def test_departments_page_shows_each_departments_figures_with_their_formulas(client, answered, other_department):
    html = client.get("/departments/").content.decode()
    row = html[html.index('data-department="chengguan"'):]
    row = row[:row.index("</tr>")]
    assert 'data-figure="received" data-value="1"' in row and 'data-figure="reply_rate" data-value="100.0"' in row
    assert 'data-department="' + other_department.slug + '"' in html  # a department with nothing received is listed
    assert "Answered ÷ received." in client.get("/en/departments/").content.decode()


def test_department_page_shows_the_scorecard(client, answered, department, home):
    html = client.get(department.get_absolute_url()).content.decode()
    assert f'data-scorecard="{department.slug}"' in html and answered.title in html


def test_the_new_demand_form_offers_similar_public_demands(client, resident, topic, grid, moderator):
    make_demand(topic, area=grid, title="幸福小区东门停车难问题")
    make_demand(topic, area=grid, title="私密：停车位被占", is_public=False)
    client.force_login(resident)

    form = client.get(reverse("demands:new")).content.decode()
    similar_url = reverse("demands:similar")
    assert f'data-similar-demands="{similar_url}"' in form
    assert 'id="similar-demands"' in form and "similar-demands.js" in form

    found = client.get(similar_url, {"title": "停车难"}).json()
    assert [d["title"] for d in found] == ["幸福小区东门停车难问题"]


def test_topic_and_area_pages_list_only_publicly_readable_demands(client, home, topic, grid, moderator):
    shown = make_demand(topic, area=grid, title="路面坑洼需修补")
    make_demand(topic, area=grid, title="私密的诉求", is_public=False)
    make_demand(topic, area=grid, title="被驳回的诉求").reject(by=moderator, reason="不属于受理范围")
    for url in (topic.get_absolute_url(), grid.get_absolute_url()):
        html = client.get(url).content.decode()
        assert shown.title in html and shown.get_absolute_url() in html
        assert "私密的诉求" not in html and "被驳回的诉求" not in html
