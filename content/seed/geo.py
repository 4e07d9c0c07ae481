"""Demo grid boundaries (网格边界): believable polygons for the seeded districts, streets, communities and grids.

Each community is a rectangular block between straight main roads; its grids tile the block with
irregular inner edges (shared corners moved a little, the way lanes and walls divide a real community),
so neighbouring grids share their edges exactly and a point falls in one grid only. Streets and districts
are the rectangles around their communities. Deterministic: the same seed draws the same map.
"""

import random

from content.models import Area

ORIGINS = {"dongcheng": (116.395, 39.905), "xihu": (116.470, 39.905)}  # (longitude, latitude) of a corner
DEFAULT_ORIGIN = (116.55, 39.905)
CELL = (0.0065, 0.0050)  # a grid cell: about 550 m × 550 m at this latitude
COLUMNS = 2


def _rectangle(west, south, east, north):
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                [west, south]]]}


def _round(point):
    return [round(point[0], 6), round(point[1], 6)]


def community_grids(west, south, count, rng):
    """Polygons for ``count`` grids tiling a block whose south-west corner is (west, south)."""
    rows = -(-count // COLUMNS)
    width, height = CELL
    corners = {}
    for i in range(COLUMNS + 1):
        for j in range(rows + 1):
            inner = 0 < i < COLUMNS and 0 < j < rows
            dx = rng.uniform(-0.25, 0.25) * width if inner else 0
            dy = rng.uniform(-0.25, 0.25) * height if 0 < j < rows else 0
            corners[i, j] = _round((west + i * width + dx, south + j * height + dy))
    polygons = []
    for n in range(count):
        row, col = divmod(n, COLUMNS)
        last_alone = row == rows - 1 and count % COLUMNS and col == 0
        if last_alone:  # the last grid of an odd count takes the whole row
            ring = [corners[0, row], corners[1, row], corners[2, row], corners[2, row + 1], corners[1, row + 1],
                    corners[0, row + 1]]
        else:
            ring = [corners[col, row], corners[col + 1, row], corners[col + 1, row + 1], corners[col, row + 1]]
        polygons.append({"type": "Polygon", "coordinates": [ring + [ring[0]]]})
    return polygons, (west, south, west + COLUMNS * width, south + rows * height)


def _bounds(boxes):
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _set(area, geometry):
    if area.boundary is None:
        area.boundary = geometry
        area.save(update_fields=["boundary", "centroid_lat", "centroid_long"])
        return 1
    return 0


def seed_boundaries(command=None):
    """Draw a boundary for every seeded area that has none; returns how many were drawn."""
    rng = random.Random(2026)
    children = {}
    for area in Area.objects.order_by("pk"):
        children.setdefault(area.parent_id, []).append(area)
    drawn = 0
    for district in children.get(None, []):
        west, south = ORIGINS.get(district.slug, DEFAULT_ORIGIN)
        street_boxes = []
        for street in children.get(district.pk, []):
            community_boxes, north = [], south
            for community in children.get(street.pk, []):
                grids = children.get(community.pk, [])
                shapes, box = community_grids(west, north, max(len(grids), 1), rng)
                drawn += sum(_set(grid, shape) for grid, shape in zip(grids, shapes))
                drawn += _set(community, _rectangle(*box))
                community_boxes.append(box)
                north = box[3]
            if community_boxes:
                box = _bounds(community_boxes)
                drawn += _set(street, _rectangle(*box))
                street_boxes.append(box)
                west = box[2]
        if street_boxes:
            drawn += _set(district, _rectangle(*_bounds(street_boxes)))
    if command is not None:
        command.stdout.write(f"Area boundaries: {drawn} drawn.")
    return drawn
