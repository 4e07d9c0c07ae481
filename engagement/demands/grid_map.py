"""The demands map (诉求地图): open and overdue demands per grid (网格), drawn server-side as inline SVG.

One query for the grids and their boundaries, one grouped query for the counts (statistics.by_area: only
publicly readable demands), whatever the number of demands. /demands/ and /transparency/ show it with a
table of the same rows beside it (demands/includes/grid_map.html); /transparency/ caches it with its other
tables, /demands/ draws it fresh (two queries; anonymous visitors get the page cache's copy).
"""

import math

from django.urls import reverse
from django.utils.translation import gettext as _

from content import geo
from content.models import Area

from . import statistics

WIDTH = 600
BUCKETS = 4  # shades above "none open"
# district, street, community, grid: each by its position among its siblings (the admin's order)
TREE_ORDER = ("parent__parent__parent__sort_order", "parent__parent__parent__pk", "parent__parent__sort_order",
              "parent__parent__pk", "parent__sort_order", "parent__pk", "sort_order", "pk")


def _step(peak):
    """The bucket width: ``peak`` open demands over BUCKETS shades, rounded up to 1, 2 or 5 × 10ⁿ."""
    rough = max(peak, 1) / BUCKETS
    power = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    return max(1, next(m * power for m in (1, 2, 5, 10) if rough <= m * power))


def buckets(peak):
    """[(index, lowest, highest, label)]: bucket 0 is "none open", then BUCKETS ranges up to ``peak``."""
    step = _step(peak)
    rows = [(0, 0, 0, "0")]
    for index in range(1, BUCKETS + 1):
        lo, hi = (index - 1) * step + 1, index * step
        if lo > max(peak, 1):
            break
        rows.append((index, lo, hi, str(lo) if lo == hi else f"{lo}–{hi}"))
    return rows


def _bucket_of(count, step):
    return 0 if not count else min(BUCKETS, 1 + (count - 1) // step)


def compute(now=None):
    """{"grids": [row], "communities": [d], "buckets", "width", "height", "totals", "title"}, or None when no
    grid has a boundary (the communities' outlines are drawn over their grids).

    A row: pk, name, community, open, overdue, href (the grid's public page), d (its SVG path), bucket."""
    grids = list(Area.objects.filter(kind=Area.Kind.GRID, boundary__isnull=False)
                 .order_by(*TREE_ORDER)
                 .values("pk", "name", "slug", "boundary", "parent_id", "parent__name", "parent__boundary"))
    if not grids:
        return None
    counts = statistics.by_area([g["pk"] for g in grids], now)
    projection = geo.Projection(geo.bounds(g["boundary"] for g in grids), width=WIDTH)
    peak = max((c.open for c in counts.values()), default=0)
    step = _step(peak)
    rows = []
    for grid in grids:
        figures = counts.get(grid["pk"]) or statistics.AreaCounts()
        rows.append({
            "pk": grid["pk"], "name": grid["name"], "community": grid["parent__name"] or "",
            "open": figures.open, "overdue": figures.overdue,
            "href": reverse("content:area", args=[grid["slug"]]),
            "d": projection.path(grid["boundary"]), "bucket": _bucket_of(figures.open, step),
        })
    communities = {g["parent_id"]: g["parent__boundary"] for g in grids if g["parent__boundary"]}
    return {
        "grids": rows, "communities": [projection.path(b) for b in communities.values()],
        "buckets": [{"index": i, "label": label} for i, _lo, _hi, label in buckets(peak)],
        "width": projection.width, "height": projection.height,
        "totals": {"open": sum(r["open"] for r in rows), "overdue": sum(r["overdue"] for r in rows)},
        "title": _("Open and overdue demands per grid"),
    }

