"""Demo grid boundaries (网格边界): believable polygons for the seeded districts, streets, communities and grids.

The county is one lattice of cells (each about 550 m × 550 m, columns and rows a little wider or
narrower than the others) whose corners are all moved a little, the way roads bend and lanes and walls
divide a real town. Every area is a block of cells drawn through the same corners, so neighbours share
their edges exactly, a point falls in one grid only, and the areas of a level cover their parent with
no gap: a street is a band of columns two cells wide with its communities stacked from the south, a
community's grids fill its rows two by two, districts sit side by side from west to east. Deterministic:
the same seed draws the same map.
"""

import random

from content.models import Area

ORIGIN = (116.395, 39.905)  # (longitude, latitude) of the county's south-west corner
CELL = (0.0065, 0.0050)  # about 550 m × 550 m at this latitude
COLUMNS = 2  # cells across a street (and across a community: its grids two by two)
JITTER = 0.2  # how far a corner moves, as a share of a cell: below a half, so no cell folds


def _rows(grid_count):
    return max(1, -(-grid_count // COLUMNS))


class Lattice:
    """The corners of ``columns`` × ``rows`` cells, each moved a little (rng), as [longitude, latitude]."""

    def __init__(self, columns, rows, rng):
        xs, ys = [ORIGIN[0]], [ORIGIN[1]]
        for _i in range(columns):
            xs.append(xs[-1] + CELL[0] * rng.uniform(0.8, 1.2))
        for _j in range(rows):
            ys.append(ys[-1] + CELL[1] * rng.uniform(0.8, 1.2))
        self.corners = {
            (i, j): [round(xs[i] + rng.uniform(-JITTER, JITTER) * CELL[0], 6),
                     round(ys[j] + rng.uniform(-JITTER, JITTER) * CELL[1], 6)]
            for i in range(columns + 1) for j in range(rows + 1)
        }

    def outline(self, west, heights, south=0):
        """A Polygon around columns ``west`` … ``west + len(heights) - 1``, column c filled from row ``south``
        up to ``south + heights[c]`` (a rectangle when the heights are equal): counter-clockwise, through
        every corner on its edge so that it meets its neighbours exactly."""
        east, top = west + len(heights), [south + h for h in heights]
        ring = [(i, south) for i in range(west, east + 1)]
        ring += [(east, j) for j in range(south + 1, top[-1] + 1)]
        for c in range(len(heights) - 1, -1, -1):
            ring.append((west + c, top[c]))
            if c:
                step = 1 if top[c - 1] > top[c] else -1
                ring += [(west + c, j) for j in range(top[c] + step, top[c - 1] + step, step)]
        ring += [(west, j) for j in range(top[0] - 1, south - 1, -1)]
        points = [self.corners[p] for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
        return {"type": "Polygon", "coordinates": [points]}


def _grid_blocks(count):
    """(column, row, width in cells) of each of ``count`` grids in a community two cells wide: two by two,
    the last grid of an odd count taking its whole row."""
    blocks = []
    for n in range(count):
        row, col = divmod(n, COLUMNS)
        alone = row == _rows(count) - 1 and count % COLUMNS and col == 0
        blocks.append((0, row, COLUMNS) if alone else (col, row, 1))
    return blocks


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
    for area in Area.objects.order_by("sort_order", "pk"):
        children.setdefault(area.parent_id, []).append(area)

    def street_rows(street):
        return [_rows(len(children.get(c.pk, []))) for c in children.get(street.pk, [])] or [1]

    districts = children.get(None, [])
    streets = [(d, s) for d in districts for s in (children.get(d.pk) or [])]
    lattice = Lattice(COLUMNS * max(len(streets), 1), max((sum(street_rows(s)) for _d, s in streets), default=1), rng)
    drawn, west = 0, 0
    for district in districts:
        heights = []
        for street in children.get(district.pk, []):
            south = 0
            for community, rows in zip(children.get(street.pk, []), street_rows(street)):
                grids = children.get(community.pk, [])
                drawn += sum(_set(grid, lattice.outline(west + col, [1] * width, south + row))
                             for grid, (col, row, width) in zip(grids, _grid_blocks(len(grids))))
                drawn += _set(community, lattice.outline(west, [rows] * COLUMNS, south))
                south += rows
            drawn += _set(street, lattice.outline(west, [south or 1] * COLUMNS))
            heights += [south or 1] * COLUMNS
            west += COLUMNS
        if heights:
            drawn += _set(district, lattice.outline(west - len(heights), heights))
    if command is not None:
        command.stdout.write(f"Area boundaries: {drawn} drawn.")
    return drawn
