"""Server-side SVG charts: no JavaScript, no CDN. Each chart is shown next to a <table> of the same data.

A chart is drawn twice, for a wide column (desktop) and a narrow one (phone), and CSS shows the one
that fits (insights.css): each scales to its column's width, its text stays legible, and its axis
labels are thinned (and turned when crowded) for the space it has. Every chart says its unit and
carries a legend. Links inside a chart are named (aria-label), and the SVG is never aria-hidden.

Every function returns a SafeString built from escaped pieces.
"""

import math

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

PALETTE = ["#f3f6fb", "#d6e4f5", "#a9c8ea", "#6fa3d8", "#3b78bf", "#1d4f8f"]
SERIES_COLOURS = ["#1d4f8f", "#c0392b", "#27864a", "#b9770e", "#6c3483", "#117a8b"]
#: (viewBox width, font size, CSS class): the desktop and the phone drawing of each chart.
LAYOUTS = ((1100, 14, "chart--wide"), (360, 12, "chart--narrow"))
INK, MUTED, GRID = "#222", "#555", "#e3e6ea"


def _shade(value, top):
    if not value or not top:
        return PALETTE[0]
    return PALETTE[min(len(PALETTE) - 1, 1 + int((len(PALETTE) - 2) * value / top))]


def _fmt(value, percent):
    if value is None:
        return "–"
    if percent:
        return f"{value:.0f}%"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _ticks(peak, percent):
    """Round gridline values from 0 to at least ``peak``: about five steps of 1, 2 or 5 times a power
    of ten (whole numbers for counts), quarters for percentages."""
    if percent:
        return [0, 25, 50, 75, 100]
    rough = max(peak, 1) / 5
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if rough <= m * power)
    step = max(1, step)
    return [step * k for k in range(math.ceil(max(peak, 1) / step) + 1)]


def _svg(cls, width, height, label, role="img"):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="xMinYMin meet" role="{role}" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>"
    )


def _figure(title, unit, legend, drawings):
    """The figure: its caption (title and unit), an HTML legend, the wide and the narrow drawing."""
    caption = format_html('<figcaption class="chart-caption"><span class="chart-caption__title">{}</span>{}</figcaption>',
                          title, format_html(' <span class="chart-caption__unit">{}</span>', _("Unit: %(unit)s") % {"unit": unit})
                          if unit else "")
    items = "".join(
        format_html('<li><span class="chart-legend__swatch chart-legend__swatch--{}"></span>{}</li>', kind, name)
        for kind, name in legend
    )
    return mark_safe(f'<figure class="chart-figure">{caption}<ul class="chart-legend">{items}</ul>{"".join(drawings)}</figure>')


def _link(href, label, body):
    return f'<a href="{escape(href)}" aria-label="{escape(label)}">{body}</a>' if href else body


def heat_map(row_labels, col_labels, matrix, href=None, title=""):
    """A topic × area heat map: matrix[r][c] counts; href(r, c) → link for a cell (or None)."""
    peak = max((v for row in matrix for v in row), default=0)
    drawings = []
    for width, font, cls in LAYOUTS:
        left = 96 if cls == "chart--narrow" else 150
        cell_w = max(34, (width - left - 10) / max(len(col_labels), 1))
        cell_h, top = font * 2.2, font * 7
        width = max(width, left + cell_w * len(col_labels) + 10)
        height = top + cell_h * len(row_labels) + 10
        parts = [_svg(cls, f"{width:.0f}", f"{height:.0f}", title, role="group")]
        for c, label in enumerate(col_labels):
            x = left + c * cell_w + cell_w / 2
            parts.append(f'<text x="{x:.1f}" y="{top - 8:.1f}" font-size="{font}" fill="{INK}" '
                         f'transform="rotate(-45 {x:.1f} {top - 8:.1f})">{escape(label)}</text>')
        for r, label in enumerate(row_labels):
            y = top + r * cell_h
            parts.append(f'<text x="{left - 6}" y="{y + cell_h * .68:.1f}" font-size="{font}" text-anchor="end" '
                         f'fill="{INK}">{escape(label)}</text>')
            for c, value in enumerate(matrix[r]):
                x = left + c * cell_w
                cell = (
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell_w - 2:.1f}" height="{cell_h - 2:.1f}" fill="{_shade(value, peak)}"/>'
                    f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h * .68:.1f}" font-size="{font}" text-anchor="middle" '
                    f'fill="{"#fff" if peak and value > peak * 0.6 else INK}">{value}</text>'
                )
                link = href(r, c) if (href and value) else None
                parts.append(_link(link, f"{label} · {col_labels[c]}: {value}", cell))
        parts.append("</svg>")
        drawings.append("".join(parts))
    return _figure(title, _("public demands"), [("heat", _("darker: more demands"))], drawings)


def _label_step(count, room, label_width):
    """Show every n-th label so that labels of ``label_width`` fit in ``room``."""
    return max(1, math.ceil(count * label_width / max(room, 1)))


def line_chart(x_labels, series, title="", percent=False, unit=""):
    """Lines over time: series = [(name, [value or None, ...])], one value per x label.

    Leading x positions where every series is empty (0 or None) are left out: a chart starts at the
    first month that has something to show.
    """
    first = next((i for i in range(len(x_labels)) if any(vs[i] for _n, vs in series)), len(x_labels))
    if first == len(x_labels):
        first = 0
    x_labels = x_labels[first:]
    series = [(name, vs[first:]) for name, vs in series]
    values = [v for _n, vs in series for v in vs if v is not None]
    ticks = _ticks(max(values, default=0), percent)
    peak = ticks[-1]
    drawings = []
    for width, font, cls in LAYOUTS:
        longest = max((len(str(lb)) for lb in x_labels), default=1)
        flat_width = longest * font * .62
        left, right, top = max(font * 3.6, flat_width / 2 + 4), flat_width / 2 + 4, font
        plot_w = width - left - right
        step = plot_w / max(len(x_labels) - 1, 1)
        turned = flat_width > step * .95
        bottom = font * (5.2 if turned else 2.4)
        height = round(width * (.34 if cls == "chart--wide" else .75)) + bottom
        plot_h = height - top - bottom
        every = _label_step(len(x_labels), plot_w, font * 1.6 if turned else flat_width * 1.2)

        def y_of(v):
            return top + plot_h - plot_h * (v / peak)

        parts = [_svg(cls, width, height, title)]
        for k, value in enumerate(ticks):
            y = y_of(value)
            parts.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{left + plot_w:.1f}" y2="{y:.1f}" stroke="{GRID if k else "#888"}"/>')
            parts.append(f'<text x="{left - 6:.1f}" y="{y + font * .35:.1f}" font-size="{font}" text-anchor="end" '
                         f'fill="{MUTED}">{_fmt(value, percent)}</text>')
        for i, label in enumerate(x_labels):
            if i % every and i != len(x_labels) - 1:
                continue
            x, y = left + i * step, top + plot_h + font * 1.4
            if turned:
                parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{font}" text-anchor="end" fill="{INK}" '
                             f'transform="rotate(-45 {x:.1f} {y:.1f})">{escape(label)}</text>')
            else:
                parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{font}" text-anchor="middle" fill="{INK}">{escape(label)}</text>')
        for s, (_name, vs) in enumerate(series):
            colour = SERIES_COLOURS[s % len(SERIES_COLOURS)]
            points = [(left + i * step, y_of(v)) for i, v in enumerate(vs) if v is not None]
            if len(points) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="{font / 5:.1f}" points="{path}"/>')
            for x, y in points:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{font / 4:.1f}" fill="{colour}"/>')
        parts.append("</svg>")
        drawings.append("".join(parts))
    legend = [(f"series-{s % len(SERIES_COLOURS)}", name) for s, (name, _vs) in enumerate(series)]
    return _figure(title, unit or ("%" if percent else ""), legend, drawings)


def bar_chart(labels, values, title="", percent=False, href=None, unit="", series=""):
    """Horizontal bars, one per label; ``href(i)`` links a bar (its label, bar and figure) to a page."""
    ticks = _ticks(max([v for v in values if v is not None], default=0), percent)
    peak = ticks[-1]
    drawings = []
    for width, font, cls in LAYOUTS:
        longest = max((len(str(lb)) for lb in labels), default=1)
        left = min(width * .45, longest * font * 1.05 + 8)
        bar_h = font * 2.1
        value_room = font * 3.4
        height = bar_h * len(labels) + font * 2
        plot_w = width - left - value_room
        parts = [_svg(cls, width, f"{height:.0f}", title, role="group" if href else "img")]
        for value in ticks:
            x = left + plot_w * value / peak
            parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{bar_h * len(labels):.1f}" stroke="{GRID}"/>')
            parts.append(f'<text x="{x:.1f}" y="{height - 4:.1f}" font-size="{font * .85:.1f}" text-anchor="middle" '
                         f'fill="{MUTED}">{_fmt(value, percent)}</text>')
        for i, (label, value) in enumerate(zip(labels, values)):
            y = i * bar_h
            w = 0 if value is None else plot_w * value / peak
            bar = (
                f'<text x="{left - 6:.1f}" y="{y + bar_h * .62:.1f}" font-size="{font}" text-anchor="end" fill="{INK}">{escape(label)}</text>'
                f'<rect x="{left:.1f}" y="{y + bar_h * .15:.1f}" width="{w:.1f}" height="{bar_h * .7:.1f}" fill="{SERIES_COLOURS[0]}"/>'
                f'<text x="{left + w + 4:.1f}" y="{y + bar_h * .62:.1f}" font-size="{font}" fill="{INK}">{_fmt(value, percent)}</text>'
            )
            link = href(i) if href else None
            parts.append(_link(link, f"{label}: {_fmt(value, percent)}", bar))
        parts.append("</svg>")
        drawings.append("".join(parts))
    return _figure(title, unit or ("%" if percent else ""), [("series-0", series or title)], drawings)
