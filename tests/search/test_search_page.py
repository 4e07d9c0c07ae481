"""The public search page /search/?q= and the similar-demands endpoint."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from tests.demands.factories import make_demand
from tests.factories import ArticlePageFactory, DepartmentFactory, TopicFactory

NASTY = [
    "", " ", "AND", "OR", "NOT", "(", ")", '"', "*", "~", ":", "AND OR NOT ( ) \" * ~ :",
    '停车" OR 1=1 --', "'; DROP TABLE wagtailcore_page; --", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "title:停车", "停车~2", "停*", "\\", "%", "%%", "\x00", "𠀀𠀁",
    "停" * 300, "parking " * 60, "a" * 1000, "((((((停车))))))", "🚗🚗", "NOT NOT NOT", "OR 停车 AND",
]


@pytest.fixture
def content(news_section, department, other_department, topic, grid):
    waste = TopicFactory(name="垃圾分类", slug="waste")
    day = lambda n: timezone.make_aware(datetime.datetime(2026, 3, n, 9))  # noqa: E731
    pages = []
    for i in range(13):
        page = ArticlePageFactory(parent=news_section, title=f"社区停车难问题第{i}期", summary="错时共享<停车>位 & 更多",
                                  first_published_at=day(1 + i))
        page.topics.set([topic]); page.departments.set([department]); page.save_revision().publish()
        pages.append(page)
    w = ArticlePageFactory(parent=news_section, title="垃圾分类进小区", summary="Waste sorting 停车场旁设投放点",
                           first_published_at=day(20))
    w.topics.set([waste]); w.departments.set([other_department]); w.save_revision().publish()
    demand = make_demand(topic, area=grid, title="小区门口违章停车堵塞消防通道")
    make_demand(topic, area=grid, title="私密停车诉求", is_public=False)
    DepartmentFactory(name="停车管理中心", slug="parking-centre", description="全市停车场备案")
    return {"pages": pages, "waste_page": w, "demand": demand, "waste": waste}


def get(client, **params):
    return client.get("/search/", params)


def test_lists_all_types_with_count_and_marks(client, content):
    r = get(client, q="停车")
    assert r.status_code == 200
    html = r.content.decode()
    ctx = r.context
    assert ctx["outcome"].total == 13 + 1 + 1 + 1  # articles + waste article + public demand + department
    assert ctx["outcome"].type_counts == {"article": 14, "policy": 0, "demand": 1, "department": 1, "consultation": 0}
    assert 'role="status"' in html and "16" in html
    assert "<mark>停车</mark>" in html
    # escaped before marking: the summary's <停车> and & are text, not markup
    assert "&lt;<mark>停车</mark>&gt;" in html and "&amp;" in html
    assert "私密停车诉求" not in html
    assert 'for="search-q"' in html and 'id="search-q"' in html


def test_pagination(client, content):
    page1 = get(client, q="停车", type="article")
    assert len(page1.context["page_obj"].object_list) == 10
    page2 = get(client, q="停车", type="article", page=2)
    assert len(page2.context["page_obj"].object_list) == 4
    titles1 = {h.title for h in page1.context["page_obj"].object_list}
    titles2 = {h.title for h in page2.context["page_obj"].object_list}
    assert not titles1 & titles2
    assert "type=article" in page1.content.decode() and "page=2" in page1.content.decode()
    assert get(client, q="停车", page="abc").status_code == 200
    assert get(client, q="停车", page="99999").status_code == 200


def test_filters_and_facet_counts(client, content, topic, other_department):
    r = get(client, q="停车", type="article")
    topic_counts = {t.slug: n for t, n in r.context["outcome"].topic_counts}
    assert topic_counts == {topic.slug: 13, "waste": 1}
    r = get(client, q="停车", topic="waste")
    assert [h.title for h in r.context["page_obj"].object_list] == ["垃圾分类进小区"]
    r = get(client, q="停车", department=other_department.slug)
    assert [h.title for h in r.context["page_obj"].object_list] == ["垃圾分类进小区"]
    r = get(client, q="停车", type="article", **{"from": "2026-03-10", "to": "2026-03-12"})
    assert r.context["outcome"].total == 3
    r = get(client, q="停车", type="demand")
    assert [h.title for h in r.context["page_obj"].object_list] == ["小区门口违章停车堵塞消防通道"]
    r = get(client, q="停车", type="department")
    assert [h.title for h in r.context["page_obj"].object_list] == ["停车管理中心"]
    # junk filter values are ignored, not errors
    assert get(client, q="停车", type="bogus", topic="nope", department="x" * 500, **{"from": "2026-13-45"}).status_code == 200


def test_nasty_queries_never_error(client, content):
    for payload in NASTY:
        for extra in ({}, {"type": "article"}, {"topic": "waste", "page": "2"}):
            r = get(client, q=payload, **extra)
            # A NUL byte never reaches a view: the edge answers 400 with a message (gongzhi/edge.py).
            assert r.status_code == (400 if "\x00" in payload else 200), payload
            html = r.content.decode()
            assert "<script>alert(1)</script>" not in html
            assert "<img src=x" not in html
    # the operators are words to us, not syntax: 停车 still matches
    assert get(client, q='停车" OR 1=1 --').context["outcome"].type_counts["article"] == 0
    assert get(client, q="((((((停车))))))").context["outcome"].total == 16


def test_english_search_is_stemmed(client, content):
    r = get(client, q="sorted wastes")
    assert [h.title for h in r.context["page_obj"].object_list] == ["垃圾分类进小区"]


def test_promotions_and_query_logging(client, content, settings):
    settings.GONGZHI_POPULAR_MIN_HITS = 2
    query = Query.get("停车")
    SearchPromotion.objects.create(query=query, page=content["waste_page"], description="编辑推荐", sort_order=0)
    r = get(client, q="停车")
    html = r.content.decode()
    assert "编辑推荐" in html and html.index("编辑推荐") < html.index("search-results")
    get(client, q="停车")
    assert Query.get("停车").hits == 2
    get(client, q="停车", page=2)  # later pages are not counted again
    assert Query.get("停车").hits == 2
    cache.clear()  # the popular searches are cached for five minutes
    r = get(client, q="")
    assert "停车" in r.content.decode()  # popular searches
    assert [q.query_string for q in r.context["popular"]] == ["停车"]


def test_what_one_visitor_typed_is_not_listed_as_popular(client, content):
    get(client, q="13912345678 张三")
    assert "13912345678" not in get(client, q="").content.decode()


def test_english_page(client, content):
    r = client.get("/en/search/", {"q": "停车"})
    assert r.status_code == 200
    assert "results for" in r.content.decode()


def test_similar_demands_endpoint(client, content):
    r = client.get("/search/similar-demands/", {"title": "消防通道被违章停车占了"})
    assert r.status_code == 200
    data = json.loads(r.content)
    assert [d["tracking_number"] for d in data] == [content["demand"].tracking_number]
    assert set(data[0]) == {"tracking_number", "title", "url", "status"}
    assert data[0]["url"].endswith(f"{content['demand'].tracking_number}/")
    # private demands are never suggested; junk is an empty list
    assert all("私密" not in d["title"] for d in json.loads(client.get("/search/similar-demands/", {"title": "私密停车"}).content))
    for payload in ["", "a", "<script>", "AND OR", "停" * 500]:
        assert client.get("/search/similar-demands/", {"title": payload}).status_code == 200


def test_similar_demands_template_tag(content):
    from django.template import Context, Template

    html = Template("{% load search_tags %}{% similar_demands title %}").render(Context({"title": "消防通道"}))
    assert content["demand"].tracking_number in html
