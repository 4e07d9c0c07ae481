"""Grid boundaries: point in polygon, centroids, and what a boundary may be (content/geo.py)."""

import pytest
from django.core.exceptions import ValidationError

from content import geo
from content.models import Area
from content.seed_geo import seed_boundaries
from tests.factories import AreaFactory

SQUARE = {"type": "Polygon", "coordinates": [[[116.0, 39.0], [116.2, 39.0], [116.2, 39.2], [116.0, 39.2],
                                              [116.0, 39.0]]]}
WITH_HOLE = {"type": "Polygon", "coordinates": SQUARE["coordinates"] + [
    [[116.05, 39.05], [116.05, 39.15], [116.15, 39.15], [116.15, 39.05], [116.05, 39.05]]]}


def test_a_point_is_inside_a_polygon_and_not_in_its_hole():
    assert geo.contains(SQUARE, 39.1, 116.1)
    assert not geo.contains(SQUARE, 39.3, 116.1) and not geo.contains(SQUARE, 39.1, 115.9)
    assert not geo.contains(WITH_HOLE, 39.1, 116.1)
    assert geo.contains(WITH_HOLE, 39.02, 116.02)


def test_a_multipolygon_holds_the_points_of_each_part():
    far = [[[117.0, 40.0], [117.1, 40.0], [117.1, 40.1], [117.0, 40.0]]]
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], far]}
    assert geo.contains(multi, 39.1, 116.1) and geo.contains(multi, 40.02, 117.08)
    assert not geo.contains(multi, 40.09, 117.01)  # outside the triangle


def test_centroid_is_the_area_weighted_centre():
    assert geo.centroid(SQUARE) == pytest.approx((39.1, 116.1))
    l_shape = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]]}
    lat, lng = geo.centroid(l_shape)
    assert (lat, lng) == pytest.approx((5 / 6, 5 / 6))
    assert geo.contains(SQUARE, *geo.centroid(SQUARE))


@pytest.mark.parametrize("geometry", [
    None, {"type": "Point", "coordinates": [116, 39]}, {"type": "Polygon", "coordinates": [[[116, 39], [117, 39]]]},
    {"type": "Polygon", "coordinates": [[[116, 39], [117, 39], [117, 40], [116, 41]]]},  # not closed
    {"type": "Polygon", "coordinates": [[[190, 39], [117, 39], [117, 40], [190, 39]]]},  # out of range
    {"type": "Polygon", "coordinates": [[["x", 39], [117, 39], [117, 40], ["x", 39]]]},
    {"type": "Polygon", "coordinates": "nonsense"},
])
def test_a_boundary_that_is_not_a_wgs84_polygon_is_refused(geometry):
    with pytest.raises(ValidationError):
        geo.validate_geometry(geometry)


@pytest.mark.django_db
def test_an_area_keeps_its_centroid_and_a_point_finds_its_grid():
    grid = AreaFactory.grid()
    grid.boundary = SQUARE
    grid.full_clean()
    grid.save()
    grid.refresh_from_db()
    assert (float(grid.centroid_lat), float(grid.centroid_long)) == pytest.approx((39.1, 116.1))
    assert Area.objects.grid_at(39.05, 116.05) == grid
    assert Area.objects.grid_at(45.0, 116.05) is None


@pytest.mark.django_db
def test_the_demo_grids_tile_their_community_without_overlap():
    grids = [AreaFactory.grid(name="第一网格")]
    community = grids[0].parent
    grids += [AreaFactory(kind=Area.Kind.GRID, name=n, parent=community) for n in ("第二网格", "第三网格")]
    assert seed_boundaries() == len(grids) + 3  # the grids, their community, street and district
    grids = [Area.objects.get(pk=g.pk) for g in grids]
    for grid in grids:
        lat, lng = float(grid.centroid_lat), float(grid.centroid_long)
        assert [g for g in grids if geo.contains(g.boundary, lat, lng)] == [grid]
        assert Area.objects.grid_at(lat, lng) == grid
    assert seed_boundaries() == 0  # idempotent
