"""Server-side SVG charts: no JavaScript, no CDN. Each chart is shown next to a <table> of the same data.

Every function returns a SafeString built from escaped pieces.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#f3f6fb", "#d6e4f5", "#a9c8ea", "#6fa3d8", "#3b78bf", "#1d4f8f"]
SERIES_COLOURS = ["#1d4f8f", "#c0392b", "#27864a", "#b9770e", "#6c3483", "#117a8b"]


def _shade(value, top):
    if not value or not top:
        return PALETTE[0]
    return PALETTE[min(len(PALETTE) - 1, 1 + int((len(PALETTE) - 2) * value / top))]


def heat_map(row_labels, col_labels, matrix, href=None, title=""):
    """A topic × area heat map: matrix[r][c] counts; href(r, c) → link for a cell (or None)."""
    cell_w, cell_h, left, top = 64, 26, 120, 90
    width, height = left + cell_w * len(col_labels) + 10, top + cell_h * len(row_labels) + 10
    peak = max((v for row in matrix for v in row), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--heat" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for c, label in enumerate(col_labels):
        x = left + c * cell_w + cell_w / 2
        parts.append(
            f'<text x="{x}" y="{top - 8}" font-size="11" transform="rotate(-40 {x} {top - 8})">{escape(label)}</text>'
        )
    for r, label in enumerate(row_labels):
        y = top + r * cell_h
        parts.append(f'<text x="{left - 6}" y="{y + 17}" font-size="12" text-anchor="end">{escape(label)}</text>')
        for c, value in enumerate(matrix[r]):
            x = left + c * cell_w
            cell = (
                f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{_shade(value, peak)}">'
                f"<title>{escape(label)} · {escape(col_labels[c])}: {value}</title></rect>"
                f'<text x="{x + cell_w / 2}" y="{y + 17}" font-size="11" text-anchor="middle" '
                f'fill="{"#fff" if peak and value > peak * 0.6 else "#222"}">{value}</text>'
            )
            link = href(r, c) if (href and value) else None
            parts.append(f'<a href="{escape(link)}">{cell}</a>' if link else cell)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(x_labels, series, title="", percent=False, height=220):
    """Lines over time: series = [(name, [value or None, ...])], one value per x label."""
    width, left, right, top, bottom = 640, 48, 130, 14, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _n, vs in series for v in vs if v is not None]
    peak = 100.0 if percent else max(values, default=0) or 1
    step = plot_w / max(len(x_labels) - 1, 1)

    def y_of(v):
        return top + plot_h - plot_h * (v / peak)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--line" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#888"/>',
        f'<text x="{left - 6}" y="{top + 8}" font-size="11" text-anchor="end">{_fmt(peak, percent)}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" font-size="11" text-anchor="end">0</text>',
    ]
    every = max(1, len(x_labels) // 8)
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == len(x_labels) - 1:
            parts.append(
                f'<text x="{left + i * step}" y="{height - 18}" font-size="10" text-anchor="middle">{escape(label)}</text>'
            )
    for s, (name, vs) in enumerate(series):
        colour = SERIES_COLOURS[s % len(SERIES_COLOURS)]
        points = [(left + i * step, y_of(v)) for i, v in enumerate(vs) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        for x, y in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>')
        parts.append(
            f'<text x="{left + plot_w + 8}" y="{top + 12 + 14 * s}" font-size="11" fill="{colour}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(labels, values, title="", percent=False, href=None):
    """Horizontal bars: one per label."""
    bar_h, left, width = 20, 150, 640
    height = bar_h * len(labels) + 10
    peak = 100.0 if percent else max([v for v in values if v is not None], default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--bar" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(zip(labels, values)):
        y = 4 + i * bar_h
        w = 0 if value is None else (width - left - 70) * value / peak
        bar = (
            f'<text x="{left - 6}" y="{y + 14}" font-size="12" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{bar_h - 6}" fill="#3b78bf"/>'
            f'<text x="{left + w + 4:.1f}" y="{y + 14}" font-size="11">{_fmt(value, percent)}</text>'
        )
        link = href(i) if href else None
        parts.append(f'<a href="{escape(link)}">{bar}</a>' if link else bar)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _fmt(value, percent):
    if value is None:
        return "–"
    if percent:
        return f"{value:.0f}%"
    return f"{value:g}" if isinstance(value, float) else str(value)
