"""The demands map (诉求地图) on /demands/ and /transparency/, and the figures on an area's page: counts of
publicly readable demands only, the same as the list shows, each grid linking to its page, constant queries."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content import geo
from content.models import Area
from content.seed.geo import seed_boundaries
from engagement.demands import grid_map
from engagement.demands.models import Demand, Status
from tests.factories import AreaFactory

from .factories import make_demand

pytestmark = pytest.mark.django_db
ROW = re.compile(r'<tr data-grid="(\d+)"><th scope="row"><a href="([^"]+)">[^<]*</a></th><td>(\d+)</td><td>(\d+)</td>')
SVG_LINK = re.compile(r'<a href="([^"]+)" aria-label="([^"]+)" data-grid="(\d+)">')


@pytest.fixture
def county(db):
    """One street, two communities: 幸福社区 with two grids, 花园社区 with one; boundaries drawn by the seed."""
    district = AreaFactory(kind=Area.Kind.DISTRICT, name="东城区")
    street = AreaFactory(kind=Area.Kind.STREET, name="和平街道", parent=district)
    xingfu = AreaFactory(kind=Area.Kind.COMMUNITY, name="幸福社区", parent=street)
    huayuan = AreaFactory(kind=Area.Kind.COMMUNITY, name="花园社区", parent=street)
    grids = [AreaFactory(kind=Area.Kind.GRID, name=n, parent=xingfu) for n in ("第一网格", "第二网格")]
    grids.append(AreaFactory(kind=Area.Kind.GRID, name="第一网格", parent=huayuan))
    seed_boundaries()
    return {"street": street, "xingfu": xingfu, "grids": [Area.objects.get(pk=g.pk) for g in grids]}


def overdue(demand, department, moderator):
    demand = demand.forward(to=department, by=moderator)
    Demand.objects.filter(pk=demand.pk).update(accept_due_at=timezone.now() - datetime.timedelta(days=1))
    return demand


@pytest.fixture
def demands(county, topic, resident, department, moderator, department_staff):
    """Grid 1: two open, one private, one rejected. Grid 2: one overdue, one answered, one merged away.
    Grid 3 (the other community): only hidden ones."""
    first, second, third = county["grids"]
    make_demand(topic, author=resident, area=first, title="北门停车难")
    make_demand(topic, author=resident, area=first, title="路灯不亮")
    make_demand(topic, author=resident, area=first, is_public=False, title="我家的私事")
    make_demand(topic, area=first, title="广告").reject(by=moderator, reason="广告")
    late = overdue(make_demand(topic, author=resident, area=second, title="噪音扰民"), department, moderator)
    done = make_demand(topic, area=second, title="垃圾清运").forward(to=department, by=moderator)
    done.accept(by=department_staff).answer(text="已清运。", by=department_staff)
    make_demand(topic, area=second, title="噪音扰民（重复）").merge(into=late, by=moderator)
    make_demand(topic, area=third, is_public=False, title="邻里纠纷")
    make_demand(topic, area=third, title="无关内容").reject(by=moderator, reason="无关")
    return county


def map_rows(html):
    return {int(pk): (href, int(open_), int(late)) for pk, href, open_, late in ROW.findall(html)}


def test_the_map_counts_open_and_overdue_public_demands_per_grid(client, demands):
    first, second, third = demands["grids"]
    html = client.get(reverse("demands:list")).content.decode()
    assert 'id="demand-map"' in html
    rows = map_rows(html)
    assert {pk: (o, late) for pk, (_h, o, late) in rows.items()} == {first.pk: (2, 0), second.pk: (1, 1), third.pk: (0, 0)}
    assert "我家的私事" not in html and "邻里纠纷" not in html


def test_each_grids_counts_match_what_the_list_shows_for_it(client, demands):
    rows = map_rows(client.get(reverse("demands:list")).content.decode())
    for grid in demands["grids"]:
        listed = sum(
            client.get(reverse("demands:list"), {"area": grid.slug, "status": status}).content.decode().count(
                'class="demand-card"')
            for status in (Status.SUBMITTED, Status.FORWARDED, Status.ACCEPTED)
        )
        assert rows[grid.pk][1] == listed, grid


def test_hidden_demands_are_never_counted_on_the_map_or_the_area_pages(client, demands):
    third = demands["grids"][2]
    assert map_rows(client.get(reverse("demands:list")).content.decode())[third.pk][1:] == (0, 0)
    page = client.get(third.get_absolute_url()).content.decode()
    assert 'data-figure="public" data-value="0"' in page and "data-no-demands" in page
    tables = client.get(reverse("insights:transparency_json")).json()["tables"]
    grids = next(t for t in tables if t["key"] == "grids")
    assert ["花园社区 · 第一网格", 0, 0] in grids["rows"]


def test_each_grid_on_the_map_links_to_its_area_page(client, demands):
    html = client.get(reverse("demands:list")).content.decode()
    links = {int(pk): (href, label) for href, label, pk in SVG_LINK.findall(html)}
    assert set(links) == {g.pk for g in demands["grids"]}
    for grid in demands["grids"]:
        href, label = links[grid.pk]
        assert href == grid.get_absolute_url() == map_rows(html)[grid.pk][0]
        assert label.startswith(f"{grid.parent.name} · {grid.name}")
        page = client.get(href)
        assert page.status_code == 200 and grid.name in page.content.decode()


def test_the_map_draws_one_path_per_grid_inside_its_box(demands):
    drawn = grid_map.compute()
    assert len(drawn["grids"]) == 3 and len(drawn["communities"]) == 2
    numbers = [float(n) for g in drawn["grids"] for n in re.findall(r"[\d.]+", g["d"])]
    assert min(numbers) >= 0 and max(numbers) <= max(drawn["width"], drawn["height"])
    assert [b["label"] for b in drawn["buckets"]] == ["0", "1", "2"]
    assert [g["bucket"] for g in drawn["grids"]] == [2, 1, 0]


def test_the_map_asks_two_queries_however_many_demands(county, topic):
    make_demand(topic, area=county["grids"][0])
    with CaptureQueriesContext(connection) as few:
        grid_map.compute()
    for n in range(12):
        make_demand(topic, area=county["grids"][n % 3], title=f"诉求{n}")
    with CaptureQueriesContext(connection) as many:
        drawn = grid_map.compute()
    assert len(few) == len(many) == 2
    assert drawn["totals"]["open"] == 13


def test_no_map_while_no_grid_has_a_boundary(client, topic, grid):
    make_demand(topic, area=grid)
    html = client.get(reverse("demands:list")).content.decode()
    assert client.get(reverse("demands:list")).status_code == 200 and "data-grid-map" not in html
    assert "data-grid-map" not in client.get(reverse("insights:transparency")).content.decode()


def test_transparency_shows_the_map_with_the_same_rows_and_publishes_them(client, demands):
    cache.clear()
    first = demands["grids"][0]
    html = client.get(reverse("insights:transparency")).content.decode()
    assert 'id="grids"' in html and "data-grid-map" in html
    assert map_rows(html)[first.pk][1:] == (2, 0)
    table = next(t for t in client.get(reverse("insights:transparency_json")).json()["tables"] if t["key"] == "grids")
    assert "map" not in table and table["rows"][0] == ["幸福社区 · 第一网格", 2, 0]
    csv = client.get(reverse("insights:transparency_csv"), {"table": "grids"}).content.decode("utf-8-sig")
    assert "幸福社区 · 第一网格,2,0" in csv


def test_an_area_name_is_escaped_in_the_map(client, county, topic):
    grid = county["grids"][0]
    Area.objects.filter(pk=grid.pk).update(name="<b>网格</b>")
    make_demand(topic, area=grid)
    html = client.get(reverse("demands:list")).content.decode()
    assert "<b>网格</b>" not in html and "&lt;b&gt;网格&lt;/b&gt;" in html


def test_the_english_list_draws_the_map_in_english_with_english_links(client, demands):
    html = client.get("/en" + reverse("demands:list")).content.decode()
    assert "Demands on the map" in html
    assert all(href.startswith("/en/areas/") for href, _label, _pk in SVG_LINK.findall(html))


# --- the area's page -----------------------------------------------------------------------------------
def figures(html):
    return {k: int(v) for k, v in re.findall(r'data-figure="(\w+)" data-value="(\d+)"', html)}


def test_a_grids_page_shows_its_demands_and_figures(client, demands):
    html = client.get(demands["grids"][1].get_absolute_url()).content.decode()
    assert figures(html) == {"public": 2, "open": 1, "overdue": 1, "answered": 1}
    assert "噪音扰民" in html and "垃圾清运" in html and "噪音扰民（重复）" not in html


def test_a_community_and_a_street_count_every_grid_within(client, demands):
    community = client.get(demands["xingfu"].get_absolute_url()).content.decode()
    assert figures(community) == {"public": 4, "open": 3, "overdue": 1, "answered": 1}
    street = client.get(demands["street"].get_absolute_url()).content.decode()
    assert figures(street) == figures(community)  # the other community has only hidden demands
    for title in ("北门停车难", "路灯不亮", "噪音扰民", "垃圾清运"):
        assert title in street
    assert "我家的私事" not in street and "邻里纠纷" not in street and "广告" not in street
    assert f"?area={demands['street'].slug}" in street


def test_the_areas_figures_match_the_map(client, demands):
    rows = map_rows(client.get(reverse("demands:list")).content.decode())
    community = figures(client.get(demands["xingfu"].get_absolute_url()).content.decode())
    first, second, _third = demands["grids"]
    assert community["open"] == rows[first.pk][1] + rows[second.pk][1]
    assert community["overdue"] == rows[first.pk][2] + rows[second.pk][2]


def test_projection_puts_north_up_and_fits_the_width():
    square = {"type": "Polygon", "coordinates": [[[116.0, 39.0], [116.2, 39.0], [116.2, 39.2], [116.0, 39.2],
                                                  [116.0, 39.0]]]}
    projection = geo.Projection(geo.bounds([square]), width=100, margin=0)
    assert projection.point(116.0, 39.2) == pytest.approx((0, 0))
    x, y = projection.point(116.2, 39.0)
    assert x == pytest.approx(100) and y == pytest.approx(projection.height, abs=0.1) and y > x  # a degree of longitude is shorter
    assert projection.path(square).startswith("M0.0 ") and projection.path(square).endswith("Z")
    assert json.dumps(geo.bounds([])) == "null"
