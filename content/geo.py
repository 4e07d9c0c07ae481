"""Grid boundaries (网格边界) as GeoJSON geometries: checking them, their centroid, point in polygon.

Pure functions over GeoJSON ``Polygon`` / ``MultiPolygon`` geometries (RFC 7946: positions are
``[longitude, latitude]``, a ring's last position repeats its first, the first ring of a polygon is its
outline and the others are holes). A handful of grids per community needs no spatial database.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_POSITIONS = 5000  # a hand-drawn grid has tens; this bounds what an import may store


def polygons(geometry):
    """The polygons of a Polygon or MultiPolygon geometry, each a list of rings."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def validate_geometry(geometry):
    """Raise ValidationError unless ``geometry`` is a GeoJSON Polygon or MultiPolygon in WGS 84 range."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError(_("A boundary is a GeoJSON Polygon or MultiPolygon."))
    try:
        rings = [ring for polygon in polygons(geometry) for ring in polygon]
        positions = [(float(lng), float(lat)) for ring in rings for lng, lat, *_rest in ring]
    except (TypeError, ValueError, KeyError):
        raise ValidationError(_("A boundary's coordinates are [longitude, latitude] pairs in rings."))
    if not rings or len(positions) > MAX_POSITIONS:
        raise ValidationError(_("A boundary has between 1 and %(n)s positions.") % {"n": MAX_POSITIONS})
    if any(len(ring) < 4 or list(ring[0][:2]) != list(ring[-1][:2]) for ring in rings):
        raise ValidationError(_("Each ring has at least four positions and ends where it starts."))
    if not all(-180 <= lng <= 180 and -90 <= lat <= 90 for lng, lat in positions):
        raise ValidationError(_("Longitudes lie between -180 and 180, latitudes between -90 and 90."))


def _ring_contains(ring, lng, lat):
    """Even-odd rule: does a ray from the point cross the ring an odd number of times?"""
    inside = False
    for (x1, y1, *_a), (x2, y2, *_b) in zip(ring, ring[1:]):
        if (y1 > lat) != (y2 > lat) and lng < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def contains(geometry, lat, lng):
    """Is the point (``lat``, ``lng``) inside ``geometry`` (in an outline and in none of its holes)?"""
    return any(
        _ring_contains(polygon[0], lng, lat) and not any(_ring_contains(hole, lng, lat) for hole in polygon[1:])
        for polygon in polygons(geometry)
    )


def _ring_area_and_centroid(ring):
    area = cx = cy = 0.0
    for (x1, y1, *_a), (x2, y2, *_b) in zip(ring, ring[1:]):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    if not area:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def centroid(geometry):
    """The area-weighted centroid as (lat, lng), holes subtracted (a grid is small: planar is exact enough)."""
    total = sx = sy = 0.0
    for polygon in polygons(geometry):
        for index, ring in enumerate(polygon):
            area, x, y = _ring_area_and_centroid(ring)
            area = abs(area) * (-1 if index else 1)
            total += area
            sx += x * area
            sy += y * area
    if not total:
        first = polygons(geometry)[0][0][0]
        return first[1], first[0]
    return sy / total, sx / total


def bounds(geometries):
    """(west, south, east, north) around every position of ``geometries``, or None when there is none."""
    xs, ys = [], []
    for geometry in geometries:
        for polygon in polygons(geometry):
            for ring in polygon:
                xs.extend(p[0] for p in ring)
                ys.extend(p[1] for p in ring)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


class Projection:
    """Longitude/latitude onto an SVG box ``width`` wide, north up, ``margin`` units all round.

    Equirectangular with longitudes shrunk by cos(latitude) at the middle of the map, so a county's
    grids keep their shape; the height follows from the width and the map's proportions."""

    def __init__(self, box, width=600, margin=4):
        import math

        west, south, east, north = box
        self.west, self.north, self.margin = west, north, margin
        self.x_scale = math.cos(math.radians((south + north) / 2))
        self.scale = (width - 2 * margin) / max((east - west) * self.x_scale, 1e-9)
        self.width = width
        self.height = round((north - south) * self.scale + 2 * margin, 1)

    def point(self, lng, lat):
        return ((lng - self.west) * self.x_scale * self.scale + self.margin, (self.north - lat) * self.scale + self.margin)

    def path(self, geometry):
        """An SVG path's ``d`` for a Polygon or MultiPolygon: one closed subpath per ring (holes cut by even-odd)."""
        parts = []
        for polygon in polygons(geometry):
            for ring in polygon:
                points = [self.point(p[0], p[1]) for p in ring[:-1]]
                parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
        return "".join(parts)
