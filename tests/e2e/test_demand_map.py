"""The demands map in a real browser: at a phone's width it fits the column and its table comes below
it; on a desktop the table stands beside it; a grid on the map opens the grid's page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def mapped_site(seeded_site):
    from content.seed.geo import seed_boundaries
    from tests.demands.factories import make_demand

    seed_boundaries()
    make_demand(seeded_site.topic, author=seeded_site.resident, area=seeded_site.grid, title="北门路灯不亮")
    return seeded_site


@pytest.mark.parametrize("path", ["demands:list", "insights:transparency"])
def test_the_map_fits_a_phone_and_puts_its_table_below(page, live_url, mapped_site, path):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(live_url(reverse(path)))
    svg, table = page.locator(".grid-map__svg"), page.locator(".grid-map__table")
    expect(svg).to_be_visible()
    box, below = svg.bounding_box(), table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert below["y"] >= box["y"] + box["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("path", ["demands:list", "insights:transparency"])
def test_on_a_desktop_the_table_stands_beside_the_map(page, live_url, mapped_site, path):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_url(reverse(path)))
    box, beside = page.locator(".grid-map__svg").bounding_box(), page.locator(".grid-map__table").bounding_box()
    assert beside["x"] >= box["x"] + box["width"] and beside["y"] < box["y"] + box["height"]


def test_a_grid_on_the_map_opens_its_page(page, live_url, mapped_site):
    grid = mapped_site.grid
    page.goto(live_url(reverse("demands:list")))
    row = page.locator(f'tr[data-grid="{grid.pk}"]')
    expect(row.locator("td").first).to_have_text("1")
    page.locator(f'svg a[data-grid="{grid.pk}"]').click()
    expect(page).to_have_url(live_url(grid.get_absolute_url()))
    expect(page.locator('[data-figure="open"] dd')).to_have_text("1")
    expect(page.get_by_role("link", name="北门路灯不亮")).to_be_visible()
