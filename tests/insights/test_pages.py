"""/insights/ and the admin dashboard: what residents and staff see, and who may see it."""

import datetime
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement.insights.hot_terms import run_hot_terms

from .factories import comment


@pytest.mark.django_db
def test_the_insights_page_works_on_a_brand_new_site(client, home):
    response = client.get("/insights/")
    assert response.status_code == 200
    assert "暂无热词" in response.content.decode()  # /insights/ is the Chinese site


@pytest.mark.django_db
def test_hot_terms_link_to_the_search_page_with_their_count(client, home):
    today = timezone.localdate()
    for _ in range(3):
        comment("垃圾清运不及时", today)
    run_hot_terms(day=today)
    page = client.get("/en/insights/?period=day").content.decode()
    # jieba keeps 垃圾清运 as one word: the hot term, linked to the English search page
    assert f'href="/en/search/?q={quote("垃圾清运")}"' in page


@pytest.mark.django_db
def test_the_insights_page_needs_the_same_queries_for_more_data(client, home):
    today = timezone.localdate()
    comment("路灯坏了", today)
    run_hot_terms(day=today)
    client.get("/insights/")  # warm: the site-wide lookups (content.sitewide) are cached
    with CaptureQueriesContext(connection) as small:
        client.get("/insights/")
    for i in range(40):
        comment(f"第{i}个问题：噪音扰民 停车难 路灯坏了 垃圾分类", today - datetime.timedelta(days=i % 10))
    run_hot_terms(day=today)
    with CaptureQueriesContext(connection) as large:
        client.get("/insights/")
    assert len(large) == len(small)


@pytest.mark.django_db
@pytest.mark.parametrize("who,status", [("supervisor", 200), ("chief_editor", 200), ("moderator", 200),
                                         ("editor", 302), ("department_staff", 302)])
def test_the_dashboard_is_for_supervisors_chief_editors_and_moderators(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("insights_admin:dashboard"))
    assert response.status_code == status  # Wagtail answers a refused admin view with a redirect
    if status != 200:
        assert response.url != reverse("insights_admin:dashboard")


@pytest.mark.django_db
def test_residents_never_reach_the_dashboard(client, resident):
    client.force_login(resident)
    response = client.get(reverse("insights_admin:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
