"""The search page searches the types apps register through ``gongzhi_search_types``."""

from wagtail import hooks

from content.hooks import SEARCH_TYPES
from content.models import Department
from tests.demands.factories import make_demand
from tests.factories import DepartmentFactory


class ParkingOffices:
    """A type as another app would register it: its own queryset rule and its own way of showing a hit."""

    key, label = "office", "Offices"
    topic_field, department_field = None, "pk"

    def queryset(self, filters):
        return Department.objects.filter(slug__startswith="parking-")

    def show(self, department, request):
        return {"title": f"办事窗口 {department.name}", "url": f"/offices/{department.slug}/",
                "snippet": department.description}


def test_a_type_registered_through_the_hook_is_searched_with_its_own_queryset_and_display(client, db):
    DepartmentFactory(name="停车管理中心", slug="parking-centre", description="全市停车场备案")
    DepartmentFactory(name="交通运输局", slug="transport", description="公交线路与停车换乘")

    with hooks.register_temporarily(SEARCH_TYPES, lambda: [ParkingOffices()], order=50):
        r = client.get("/search/", {"q": "停车"})
        only_offices = client.get("/search/", {"q": "停车", "type": "office"})

    assert r.context["outcome"].type_counts["office"] == 1  # its queryset, not every department
    assert r.context["outcome"].type_counts["department"] == 2
    html = r.content.decode()
    assert 'href="/offices/parking-centre/"' in html and "办事窗口 " in html and "Offices" in html
    hits = only_offices.context["page_obj"].object_list
    assert [(h.kind, h.url) for h in hits] == [("office", "/offices/parking-centre/")]
    assert "全市<mark>停车</mark>场备案" in hits[0].excerpt
    # unregistered again: the page no longer knows the type
    assert "office" not in client.get("/search/", {"q": "停车"}).context["outcome"].type_counts


def test_the_search_page_never_shows_a_rejected_merged_or_private_demand(client, backend, topic, grid, moderator):
    shown = make_demand(topic, area=grid, title="幸福里北门路灯不亮")
    make_demand(topic, area=grid, title="幸福里南门路灯闪烁", is_public=False)
    make_demand(topic, area=grid, title="幸福里东门路灯倒伏").reject(by=moderator, reason="重复")
    make_demand(topic, area=grid, title="幸福里西门路灯昏暗").merge(into=shown, by=moderator)

    def listed():
        found = set()
        for params in ({}, {"type": "demand"}, {"topic": topic.slug}):
            r = client.get("/search/", {"q": "幸福里 路灯", **params})
            found |= {h.title for h in r.context["page_obj"].object_list}
            html = r.content.decode()
            assert all(gate not in html for gate in ("南门", "东门", "西门"))
        return found

    assert listed() == {shown.title}
    # Even with every demand forced into the index (a stale index), the page's queryset is the one rule.
    from engagement.demands.models import Demand

    for demand in Demand.objects.all():
        backend.add(demand)
    assert listed() == {shown.title}
    assert client.get("/search/", {"q": "幸福里 路灯"}).context["outcome"].type_counts["demand"] == 1
