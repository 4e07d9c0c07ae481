"""Every public page type at a phone's and a desktop's width, in Chinese and English: axe-core finds
no violation of any impact (minor and moderate included), and the page loads without a 404 for its
favicon or any asset."""

import pytest
from django.urls import reverse

from tests.e2e.conftest import describe_violations

pytestmark = pytest.mark.e2e

WIDTHS = (390, 1366)


@pytest.fixture
def answered_demand(seeded_site, department_staff):
    from content.seed.geo import seed_boundaries
    from tests.demands.factories import make_demand

    seed_boundaries()  # the grid drawn: /demands/ and /transparency/ show the demands map

    demand = make_demand(seeded_site.topic, author=seeded_site.resident, area=seeded_site.grid)
    demand = demand.forward(to=seeded_site.department, by=seeded_site.moderator)
    demand = demand.accept(by=department_staff)
    return demand.answer(text="已安排执法队员每晚巡查，并在北门加装隔离桩。", by=department_staff)


def public_urls(site, demand):
    return {
        "home": "/",
        "section": site.news.url,
        "article": site.lead.url,
        "policy": site.policy.url,
        "demand list": reverse("demands:list"),
        "demand detail": demand.get_absolute_url(),
        "search": reverse("search:search") + "?q=停车",
        "transparency": reverse("insights:transparency"),
        "insights": reverse("insights:insights"),
        "department": reverse("content:department", args=[site.department.slug]),
        "topic": reverse("content:topic", args=[site.topic.slug]),
        "area": reverse("content:area", args=[site.grid.slug]),
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
    }


RESIDENT_URLS = {"demand form": "demands:new", "profile": "resident_profile"}


def audit(page, live_url, axe_all, urls, width, report):
    page.set_viewport_size({"width": width, "height": 900})
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    for name, url in urls.items():
        for prefix in ("", "/en"):
            response = page.goto(live_url(prefix + url))
            assert response.status == 200, (name, prefix + url, response.status)
            violations = axe_all(page)
            if violations:
                report.append(f"{name} {prefix + url} at {width} px\n{describe_violations(violations)}")
    assert not missing, missing


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_have_no_accessibility_violations_of_any_impact(page, live_url, seeded_site, answered_demand,
                                                                    axe_all, width):
    report = []
    audit(page, live_url, axe_all, public_urls(seeded_site, answered_demand), width, report)
    assert not report, "\n\n".join(report)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_residents_pages_have_no_accessibility_violations_of_any_impact(page, live_url, login, seeded_site,
                                                                         axe_all, width):
    login(page, seeded_site.resident)
    report = []
    audit(page, live_url, axe_all, {name: reverse(url) for name, url in RESIDENT_URLS.items()}, width, report)
    assert not report, "\n\n".join(report)
