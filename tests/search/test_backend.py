"""Behaviour of the Whoosh backend, ported from modelsearch's own BackendTests
(modelsearch/tests/test_backends.py) onto Gongzhi's models: Department (a plain indexed model
with an AutocompleteField), ArticlePage and PolicyPage (pages with boosts, related fields,
tree filters)."""

import datetime

import pytest
from django.utils import timezone
from modelsearch.backends.base import FilterFieldError, OrderByFieldError, SearchFieldError
from modelsearch.query import MATCH_ALL, MATCH_NONE, And, Boost, Not, Or, Phrase, PlainText
from wagtail.models import Page

from content.models import ArticlePage, Department, PolicyPage
from tests.factories import ArticlePageFactory, DepartmentFactory, TopicFactory


def names(results):
    return [r.name for r in results]


def titles(results):
    return [r.title for r in results]


@pytest.fixture
def departments(db):
    return [
        DepartmentFactory(name="城市管理局", slug="chengguan", description="负责市容环境、违章停车和占道经营的执法。"),
        DepartmentFactory(name="生态环境局", slug="huanjing", description="Air quality, waste sorting and noise complaints."),
        DepartmentFactory(name="交通运输局", slug="jiaotong", description="公共交通、停车场规划 and parking permits."),
        DepartmentFactory(name="教育局", slug="jiaoyu", description="Schools and kindergartens."),
    ]


@pytest.fixture
def stories(news_section, policy_section, department, other_department):
    parking = TopicFactory(name="停车", slug="parking")
    waste = TopicFactory(name="垃圾分类", slug="waste")
    day = lambda n: timezone.make_aware(datetime.datetime(2026, 3, n, 9))  # noqa: E731
    a1 = ArticlePageFactory(parent=news_section, title="社区停车难问题有了新办法", summary="错时共享停车位。",
                            first_published_at=day(1))
    a1.topics.set([parking]); a1.departments.set([department]); a1.save_revision().publish()
    a2 = ArticlePageFactory(parent=news_section, title="垃圾分类进小区", summary="Waste sorting comes to every estate.",
                            first_published_at=day(5))
    a2.topics.set([waste]); a2.departments.set([other_department]); a2.save_revision().publish()
    a3 = ArticlePageFactory(parent=news_section, title="新能源汽车充电桩建设提速", summary="小区停车位加装充电桩。",
                            first_published_at=day(9))
    a3.topics.set([parking]); a3.save_revision().publish()
    p1 = PolicyPage(title="关于规范住宅小区停车管理的通知", policy_title="住宅小区停车管理办法", document_number="城管〔2026〕3号",
                    issuing_department=department, issued_on=datetime.date(2026, 2, 1),
                    effective_on=datetime.date(2026, 3, 1), summary="明确收费标准。")
    policy_section.add_child(instance=p1)
    return {"a1": a1, "a2": a2, "a3": a3, "p1": p1, "parking": parking, "waste": waste}


# --- searching ------------------------------------------------------------------------------


def test_search_simple(backend, departments):
    results = backend.search("停车", Department)
    assert set(names(results)) == {"城市管理局", "交通运输局"}
    assert results.model is Department


def test_search_via_queryset_and_filter(backend, departments, stories):
    assert set(titles(ArticlePage.objects.search("停车"))) == {"社区停车难问题有了新办法", "新能源汽车充电桩建设提速"}
    assert names(backend.search("停车", Department.objects.filter(slug="jiaotong"))) == ["交通运输局"]


def test_search_via_queryset_with_order_by_param(backend, departments, stories):
    assert titles(ArticlePage.objects.search("停车", order_by="first_published_at")) == [
        "社区停车难问题有了新办法", "新能源汽车充电桩建设提速"]
    by_slug = Department.objects.order_by("slug")
    assert names(backend.search("停车", by_slug, order_by_relevance=False)) == ["城市管理局", "交通运输局"]
    by_slug = Department.objects.order_by("-slug")
    assert names(backend.search("停车", by_slug, order_by_relevance=False)) == ["交通运输局", "城市管理局"]


def test_search_count_blank_and_wrong_model(backend, departments, stories):
    assert backend.search("停车", Department).count() == 2
    assert list(backend.search("", Department)) == []
    # "充电桩" is in an article, not in any department: nothing leaks across models
    assert list(backend.search("充电桩", Department)) == []


def test_match_all_and_none(backend, departments):
    assert set(backend.search(MATCH_ALL, Department)) == set(Department.objects.all())
    assert list(backend.search(MATCH_NONE, Department)) == []
    assert set(backend.search(Not(MATCH_NONE), Department)) == set(Department.objects.all())
    assert list(backend.search(Not(MATCH_ALL), Department)) == []
    assert set(backend.search(Or([MATCH_ALL, PlainText("停车")]), Department)) == set(Department.objects.all())
    assert set(names(backend.search(And([MATCH_ALL, PlainText("停车")]), Department))) == {"城市管理局", "交通运输局"}
    assert list(backend.search(And([MATCH_NONE, PlainText("停车")]), Department)) == []
    assert set(names(backend.search(Or([MATCH_NONE, PlainText("停车")]), Department))) == {"城市管理局", "交通运输局"}


def test_ranking_boosted_field_first(backend, departments):
    # "环境" is in 生态环境局's name (boost 3) and in 城市管理局's description (boost 1)
    results = names(backend.search("环境", Department))
    assert results == ["生态环境局", "城市管理局"]


def test_whole_word_ranks_above_bigram_only_match(backend, db):
    DepartmentFactory(name="甲", slug="a", description="暂停车辆通行")  # bigram 停车 only, not the word
    DepartmentFactory(name="乙", slug="b", description="小区停车收费")  # the word 停车
    assert names(backend.search("停车", Department)) == ["乙", "甲"]


def test_one_character_finds_it_anywhere_and_the_word_first(backend, db):
    DepartmentFactory(name="甲", slug="a", description="回收旧书柜")  # ends the word 书柜 and the text
    DepartmentFactory(name="乙", slug="b", description="柜子维修")  # at the start of the word 柜子
    DepartmentFactory(name="丙", slug="c", description="小区快递柜")  # the one-character word 柜
    DepartmentFactory(name="丁", slug="d", description="快递驿站")
    found = names(backend.search("柜", Department))
    assert set(found) == {"甲", "乙", "丙"}
    assert found[0] == "丙"
    assert names(backend.search("柜 回收", Department, operator="and")) == ["甲"]

def test_longer_whole_word_ranks_above_its_scattered_bigrams(backend, db):
    DepartmentFactory(name="甲", slug="a", description="各自来源，停水来水")  # bigrams 自来 + 来水 only
    DepartmentFactory(name="乙", slug="b", description="自来水供应")  # the word 自来水
    assert names(backend.search("自来水", Department)) == ["乙", "甲"]
    assert names(backend.search("自来水 供应", Department, operator="and")) == ["乙"]


def test_annotate_score_and_slicing(backend, departments):
    results = backend.search("停车", Department).annotate_score("_score")
    scores = [r._score for r in results]
    assert all(isinstance(s, float) and s > 0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert len(results[:1]) == 1
    assert results[1:].count() == 1
    assert results[:1].count() == 1
    assert names(results[1:2]) == names(results)[1:2]
    assert names(backend.search("停车", Department)[:5][1:]) == names(results)[1:]


def test_count_and_results_cache(backend, departments):
    results = backend.search("停车", Department)
    assert len(list(results)) == 2
    DepartmentFactory(name="规划局", slug="guihua", description="停车场用地")
    assert results.count() == 2  # evaluated results are cached, like a QuerySet's
    assert len(list(results)) == 2
    assert backend.search("停车", Department).count() == 3


def test_and_or_operators(backend, departments):
    assert names(backend.search("停车 执法", Department, operator="and")) == ["城市管理局"]
    assert set(names(backend.search("停车 执法", Department, operator="or"))) == {"城市管理局", "交通运输局"}
    assert names(backend.search(PlainText("停车 parking", operator="AND"), Department)) == ["交通运输局"]
    with pytest.raises(ValueError):
        PlainText("停车", operator="xor")


def test_search_on_child_class_and_parent(backend, stories):
    assert set(titles(backend.search("停车", ArticlePage))) == {"社区停车难问题有了新办法", "新能源汽车充电桩建设提速"}
    # Searching Page finds the subclasses' fields too (summary, policy title...)
    found = {p.specific.title for p in backend.search("停车", Page)}
    assert {"社区停车难问题有了新办法", "关于规范住宅小区停车管理的通知"} <= found


def test_search_on_individual_field(backend, departments):
    assert names(backend.search("停车", Department, fields=["name"])) == []
    assert set(names(backend.search("停车", Department, fields=["description"]))) == {"城市管理局", "交通运输局"}
    assert list(backend.search("停车", Department, fields=[])) == []
    with pytest.raises(SearchFieldError):
        backend.search("停车", Department, fields=["unknown"])
    with pytest.raises(SearchFieldError):
        backend.search("停车", Department, fields=["slug"])  # a FilterField, not a SearchField


def test_search_on_related_fields(backend, stories):
    # "垃圾分类" is the topic name of a2 (RelatedFields("topics", [SearchField("name")]))
    # "生态环境" is only in a2's department name (RelatedFields("departments", [SearchField("name")]))
    assert titles(backend.search("生态环境", ArticlePage)) == ["垃圾分类进小区"]
    assert titles(backend.search("垃圾分类", ArticlePage.objects.filter(topics__slug="waste"))) == ["垃圾分类进小区"]


def test_streamfield_and_policy_fields_are_searchable(backend, stories):
    assert titles(backend.search("城管〔2026〕3号", PolicyPage)) == ["关于规范住宅小区停车管理的通知"]
    assert titles(backend.search("收费标准", PolicyPage)) == ["关于规范住宅小区停车管理的通知"]


# --- autocomplete ---------------------------------------------------------------------------


def test_autocomplete(backend, departments):
    assert set(names(backend.autocomplete("城", Department))) == {"城市管理局"}
    assert names(backend.autocomplete("城市", Department)) == ["城市管理局"]
    assert names(backend.autocomplete("教", Department.objects.filter(slug="jiaoyu"))) == ["教育局"]
    by_slug = Department.objects.order_by("-slug")
    assert names(backend.autocomplete("局", by_slug, order_by_relevance=False)) == ["教育局", "交通运输局", "生态环境局", "城市管理局"]


def test_autocomplete_latin_prefix_not_stemmed(backend, db):
    DepartmentFactory(name="Parking Office", slug="po")
    DepartmentFactory(name="Parks Bureau", slug="pb")
    assert set(names(backend.autocomplete("Par", Department))) == {"Parking Office", "Parks Bureau"}
    assert names(backend.autocomplete("parki", Department)) == ["Parking Office"]
    # the autocomplete field is not stemmed: "parking" is not cut to "park"
    assert names(backend.autocomplete("parking", Department)) == ["Parking Office"]


def test_autocomplete_uses_autocomplete_fields_only(backend, departments):
    assert list(backend.autocomplete("停车", Department)) == []  # only in description
    with pytest.raises(SearchFieldError):
        backend.autocomplete("城", Department, fields=["description"])
    assert names(backend.autocomplete("城", Department, fields=["name"])) == ["城市管理局"]


# --- filters --------------------------------------------------------------------------------


def test_filters_translated_from_querysets(backend, stories, department):
    parking = stories["parking"]
    qs = ArticlePage.objects.live()
    assert set(titles(backend.search("停车", qs.filter(topics__slug="parking")))) == {
        "社区停车难问题有了新办法", "新能源汽车充电桩建设提速"}
    assert titles(backend.search("停车", qs.filter(departments__slug=department.slug))) == ["社区停车难问题有了新办法"]
    march5 = timezone.make_aware(datetime.datetime(2026, 3, 5))
    assert titles(backend.search("停车", qs.filter(first_published_at__gte=march5))) == ["新能源汽车充电桩建设提速"]
    assert titles(backend.search("停车", qs.filter(first_published_at__lt=march5))) == ["社区停车难问题有了新办法"]
    assert titles(backend.search("停车", qs.exclude(first_published_at__lt=march5))) == ["新能源汽车充电桩建设提速"]
    assert titles(backend.search("停车", qs.filter(first_published_at__year=2025))) == []
    ids = [stories["a1"].pk, stories["a2"].pk]
    assert titles(backend.search("停车", qs.filter(pk__in=ids))) == ["社区停车难问题有了新办法"]
    assert len(backend.search("停车", qs.filter(area__isnull=True))) == 2
    policies = PolicyPage.objects.filter(issuing_department=department)
    assert len(backend.search("停车", policies)) == 1
    assert parking.pk


def test_filter_on_undeclared_field_raises(backend, stories):
    with pytest.raises(FilterFieldError):
        backend.search("停车", ArticlePage.objects.filter(byline="x"))
    with pytest.raises(FilterFieldError):
        backend.search("停车", Department.objects.filter(public_phone="1"))


def test_tree_filters_section_descendant_and_child(backend, stories, news_section, policy_section, home):
    assert set(titles(backend.search("停车", Page.objects.descendant_of(news_section)))) == {
        "社区停车难问题有了新办法", "新能源汽车充电桩建设提速"}
    assert titles(backend.search("停车", Page.objects.child_of(policy_section))) == ["关于规范住宅小区停车管理的通知"]
    assert len(backend.search("停车", Page.objects.descendant_of(home))) == 3
    assert list(backend.search("停车", Page.objects.child_of(home))) == []


def test_page_type_and_live_filters(backend, stories):
    assert {type(p.specific) for p in backend.search("停车", Page.objects.type(PolicyPage))} == {PolicyPage}
    stories["a3"].unpublish()
    assert "新能源汽车充电桩建设提速" not in titles(backend.search("停车", Page.objects.live()))
    assert "新能源汽车充电桩建设提速" in titles(backend.search("停车", Page.objects.all()))


# --- ordering -------------------------------------------------------------------------------


def test_order_by_filter_field_and_relevance(backend, stories):
    qs = ArticlePage.objects.order_by("first_published_at")
    assert titles(backend.search("停车", qs, order_by_relevance=False)) == [
        "社区停车难问题有了新办法", "新能源汽车充电桩建设提速"]
    qs = ArticlePage.objects.order_by("-first_published_at")
    assert titles(backend.search("停车", qs, order_by_relevance=False)) == [
        "新能源汽车充电桩建设提速", "社区停车难问题有了新办法"]
    assert titles(backend.search("停车", qs, order_by_relevance=False)[1:]) == ["社区停车难问题有了新办法"]
    # relevance: the title match (boost 2) beats the summary-only match
    assert titles(backend.search("停车难", ArticlePage))[0] == "社区停车难问题有了新办法"


def test_order_by_undeclared_field_raises(backend, stories):
    with pytest.raises(OrderByFieldError):
        backend.search("停车", ArticlePage.objects.order_by("byline"), order_by_relevance=False)


def test_order_by_relevance_false_without_ordering_is_stable(backend, departments):
    first = names(backend.search("停车", Department.objects.all(), order_by_relevance=False))
    assert first == names(backend.search("停车", Department.objects.all(), order_by_relevance=False))


# --- facets ---------------------------------------------------------------------------------


def test_facet(backend, stories, department):
    facet = backend.search("停车", PolicyPage).facet("issuing_department")
    assert dict(facet) == {department.pk: 1}
    ct = Page.objects.search("停车").facet("content_type")
    assert sum(ct.values()) == 3
    with pytest.raises(FilterFieldError):
        backend.search("停车", Department).facet("description")


# --- query objects --------------------------------------------------------------------------


def test_boost_phrase_not(backend, db):
    DepartmentFactory(name="甲", slug="a", description="停车 收费")
    DepartmentFactory(name="乙", slug="b", description="收费 停车 停车")
    assert names(backend.search(Phrase("停车收费"), Department)) == []  # not adjacent in that order in 乙… nor 甲
    DepartmentFactory(name="丙", slug="c", description="停车收费标准")
    assert names(backend.search(Phrase("停车收费"), Department)) == ["丙"]
    assert set(names(backend.search(PlainText("收费") & ~PlainText("标准"), Department))) == {"甲", "乙"}
    boosted = backend.search(Or([PlainText("收费"), Boost(PlainText("标准"), 10)]), Department)
    assert names(boosted)[0] == "丙"


# --- indexing -------------------------------------------------------------------------------


def test_delete_and_add_bulk(backend, departments):
    dept = departments[0]
    backend.delete(dept)
    assert names(backend.search("停车", Department)) == ["交通运输局"]
    backend.add_bulk(Department, [dept])
    assert len(backend.search("停车", Department)) == 2
    backend.add_bulk(Department, [])  # no error
    backend.refresh_indexes()
    assert len(backend.search("停车", Department)) == 2


def test_reindexing_does_not_duplicate(backend, departments):
    for _ in range(3):
        backend.add(departments[0])
    assert backend.search("执法", Department).count() == 1

