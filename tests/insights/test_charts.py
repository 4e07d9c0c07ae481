"""Transparency and insights charts are readable (issue 11): drawn for a wide and a narrow column,
with a unit and a legend, thinned axis labels, no empty leading months, links named and never
inside aria-hidden content."""

import re

import pytest

from engagement.insights import charts


def drawings(html):
    return re.findall(r'<svg[^>]*class="chart (chart--\w+)"', str(html))


def test_a_line_chart_is_drawn_for_both_widths_with_unit_and_legend():
    html = str(charts.line_chart(["2026-01", "2026-02", "2026-03"], [("收到", [1, 4, 2]), ("已答复", [0, 3, 2])],
                                 title="每月诉求", unit="件"))

    assert drawings(html) == ["chart--wide", "chart--narrow"]
    assert "单位" in html or "Unit" in html
    assert html.count('class="chart-legend__swatch') == 2 and "收到" in html and "已答复" in html
    assert 'width="' not in re.search(r"<svg[^>]*>", html).group(0)  # scales to its column
    assert "aria-hidden" not in html


def test_empty_leading_months_are_left_out():
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    html = str(charts.line_chart(months, [("收到", [0] * 7 + [5, 9, 3, 4, 1])], title="每月诉求"))

    assert "2026-01" not in html and "2026-07" not in html
    assert "2026-08" in html and "2026-12" in html


def test_crowded_month_labels_are_thinned_and_turned_on_a_phone():
    months = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)]
    html = str(charts.line_chart(months, [("收到", list(range(1, 25)))], title="每月诉求"))
    narrow = html[html.index("chart--narrow"):]

    labels = re.findall(r'>(\d{4}-\d{2})</text>', narrow)
    assert 2 < len(labels) < len(months)
    assert "rotate(-45" in narrow


def test_bar_links_are_named_for_screen_readers():
    html = str(charts.bar_chart(["城市管理局", "民政局"], [90.0, 75.0], title="满意率", percent=True,
                                href=lambda i: f"/departments/d{i}/"))

    assert '<a href="/departments/d0/" aria-label="城市管理局: 90%">' in html
    assert 'role="group"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/transparency/", "/insights/"])
def test_the_pages_hide_no_focusable_chart_from_assistive_technology(client, home, url):
    html = client.get(url).content.decode()

    assert 'aria-hidden="true"><svg' not in html and 'class="insights-svg" aria-hidden' not in html
