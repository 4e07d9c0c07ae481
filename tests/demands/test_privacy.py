"""Contact details never appear on a public page, feed, API response or search document.

Demands in every state, public and private, all carry the same seeded contact details; every
public URL is fetched as a visitor, as an unrelated resident and in English, and scanned.
"""

import pytest
from django.core.cache import cache

from engagement.demands.models import Demand, Open311Client
from tests.factories import UserFactory

from .factories import CONTACT, make_demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_state(home, topic, grid, resident, department, moderator, department_staff):
    cache.clear()
    made = {}
    for public in (True, False):
        suffix = "pub" if public else "priv"
        submitted = make_demand(topic, author=resident, area=grid, is_public=public)
        forwarded = make_demand(topic, author=resident, area=grid, is_public=public).forward(
            to=department, by=moderator)
        answered = make_demand(topic, author=resident, area=grid, is_public=public).forward(
            to=department, by=moderator).accept(by=department_staff).answer(text="已处理", by=department_staff)
        closed = make_demand(topic, author=resident, area=grid, is_public=public).forward(
            to=department, by=moderator).accept(by=department_staff).answer(text="已处理", by=department_staff
                                                                           ).rate(satisfaction="satisfied", by=resident)
        rejected = make_demand(topic, author=resident, is_public=public).reject(by=moderator, reason="重复")
        merged = make_demand(topic, author=resident, is_public=public).merge(into=submitted, by=moderator)
        for name, d in [("submitted", submitted), ("forwarded", forwarded), ("answered", answered),
                        ("closed", closed), ("rejected", rejected), ("merged", merged)]:
            made[f"{name}-{suffix}"] = d
    return made


def public_urls(demands, department, topic, grid):
    urls = ["/", "/demands/", "/demands/?status=answered", "/departments/", department.get_absolute_url(),
            topic.get_absolute_url(), grid.get_absolute_url(), "/feeds/rss/", "/feeds/atom/", "/sitemap.xml",
            "/api/v3/pages/", "/search/?q=停车", "/search/?q=违章停车",
            "/search/similar-demands/?title=违章停车", "/open311/v2/requests.json", "/open311/v2/requests.xml",
            "/open311/v2/services.json", "/open311/v2/discovery.json"]
    for d in demands.values():
        urls += [d.get_absolute_url(), f"/open311/v2/requests/{d.tracking_number}.json"]
    return urls + ["/en" + u for u in urls if u.startswith(("/demands", "/departments"))]


def scan(client, urls):
    leaks = []
    for url in urls:
        response = client.get(url, follow=True)
        body = response.content.decode("utf-8", "replace")
        leaks += [(url, value) for value in CONTACT.values() if value in body]
    return leaks


def test_no_contact_detail_on_any_public_url(client, every_state, department, topic, grid):
    urls = public_urls(every_state, department, topic, grid)
    assert scan(client, urls) == []
    client.force_login(UserFactory(username="neighbour"))
    assert scan(client, urls) == []


def test_the_author_does_not_see_contact_details_on_public_pages_either(client, every_state, resident, department,
                                                                       topic, grid):
    # The author may see their own details in the admin-free flow only where they typed them; public pages never echo them.
    client.force_login(resident)
    assert scan(client, public_urls(every_state, department, topic, grid)) == []


def test_search_index_gets_only_public_listed_demands_and_no_contact_fields(every_state):
    indexed = set(Demand.get_indexed_objects().values_list("tracking_number", flat=True))
    expected = {d.tracking_number for k, d in every_state.items()
                if k.endswith("-pub") and not k.startswith(("rejected", "merged"))}
    assert indexed == expected
    fields = {f.field_name for f in Demand.get_search_fields()}
    assert not fields & {"contact", "name", "phone", "email", "address"}


def test_open311_post_contact_never_comes_back(client, topic):
    key = Open311Client.objects.create(name="x").api_key
    number = client.post("/open311/v2/requests.json", {
        "api_key": key, "service_code": topic.slug, "address_string": CONTACT["address"],
        "phone": CONTACT["phone"], "email": CONTACT["email"], "description": "路灯坏了"}).json()[0]["service_request_id"]
    assert scan(client, [f"/open311/v2/requests/{number}.json", "/open311/v2/requests.xml",
                         f"/demands/{number}/"]) == []
