"""Public insight pages: /insights/ (hot terms, heat table, most-supported demands) and /transparency/."""

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from content.downloads import csv_response, json_response, open_data_comments, open_data_header, open_data_licence
from content.models import Area

from . import charts, selectors, transparency
from .models import Period

CACHE_SECONDS = 300


def insights_context(request):
    period = request.GET.get("period", Period.WEEK)
    if period not in Period.values:
        period = Period.WEEK
    level = request.GET.get("level", Area.Kind.STREET)
    if level not in (Area.Kind.STREET, Area.Kind.DISTRICT):
        level = Area.Kind.STREET
    computed_for, terms = selectors.hot_terms(period)
    heat = selectors.heat_table(level=level)
    heat_svg = None
    if heat["matrix"]:
        heat_svg = charts.heat_map(
            heat["topics"], heat["areas"], heat["matrix"],
            href=lambda r, c: heat["links"][r][c],
            title=_("Public demands per topic and area, last %(days)s days") % {"days": heat["days"]},
        )
    return {
        "period": period,
        "periods": Period.choices,
        "period_label": Period(period).label,
        "computed_for": computed_for,
        "terms": terms,
        "heat": heat,
        "heat_svg": heat_svg,
        "level": level,
        "supported": selectors.most_supported_open_demands(),
    }


def insights_page(request):
    return render(request, "insights/insights_page.html", insights_context(request))


def _tables(today=None):
    """Transparency tables, cached a few minutes per language (they change slowly)."""
    key = f"insights:transparency:{get_language()}:{timezone.localdate()}:{transparency.data_version()}"
    tables = cache.get(key) if today is None else None
    if tables is None:
        tables = transparency.compute(today)
        if today is None:
            cache.set(key, tables, CACHE_SECONDS)
    return tables


def _trim_leading_empty_months(table):
    """The page's copy of a per-month table starts at the first month with any figure (the open-data
    files keep every month)."""
    if table["key"] not in ("monthly", "participation", "alerts"):
        return table
    rows = table["rows"]
    first = next((i for i, row in enumerate(rows) if any(v for v in row[1:])), len(rows))
    links = table.get("row_links")
    return {**table, "rows": rows[first:], "row_links": links[first:] if links else links}


def _chart(table):
    rows, key, columns = table["rows"], table["key"], table["columns"]
    if not rows:
        return None
    if key == "monthly":
        return charts.line_chart([r[0] for r in rows], [(columns[1], [r[1] for r in rows]), (columns[2], [r[2] for r in rows])],
                                 title=table["title"], unit=pgettext("unit", "demands"))
    if key == "departments":
        column, links = table["chart_column"], table.get("row_links")
        return charts.bar_chart([r[0] for r in rows], [r[column] for r in rows], title=_("Satisfaction % per department"),
                                percent=True, series=columns[column], href=(lambda i: links[i]) if links else None)
    if key in ("topics", "areas"):
        return charts.bar_chart([r[0] for r in rows], [r[1] for r in rows], title=table["title"], unit=pgettext("unit", "demands"),
                                series=columns[1], href=lambda i: selectors.search_url(rows[i][0]))
    if key == "participation":
        return charts.line_chart([r[0] for r in rows], [(columns[1], [r[1] for r in rows]), (columns[2], [r[2] for r in rows])],
                                 title=table["title"], unit=_("ballots or ratings"))
    return None


def transparency_page(request):
    tables = [_trim_leading_empty_months(t) for t in _tables()]
    tables = [{**t, "svg": _chart(t), "linked_rows": list(zip(t.get("row_links") or [None] * len(t["rows"]), t["rows"]))}
              for t in tables]
    return render(request, "insights/transparency_page.html", {"tables": tables, "licence": open_data_licence()})


def transparency_csv(request):
    """One table as CSV: ?table=departments|monthly|private|topics|areas|alerts|participation (open data)."""
    key = request.GET.get("table", "departments")
    table = next((t for t in _tables() if t["key"] == key), None)
    if table is None:
        raise Http404(_("No such table."))
    header = open_data_header(table["title"])
    return csv_response(f"gongzhi-{key}.csv", table["rows"], header=table["columns"],
                        comments=open_data_comments(header) + [table["formula"]])


def transparency_json(request):
    header = open_data_header(_("Gongzhi transparency tables"))
    tables = [{k: v for k, v in t.items() if k != "map"} for t in _tables()]
    return json_response({**header, "tables": tables})
