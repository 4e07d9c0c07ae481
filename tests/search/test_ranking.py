"""Ranking rules a reader notices, on a real Whoosh index: a title match ranks above a body-only
match, and a page about a matter above many near-identical demands about it."""

import pytest

from content.models import ArticlePage, Department
from search import service
from tests.demands.factories import make_demand
from tests.factories import ArticlePageFactory, DepartmentFactory, TopicFactory


def names(results):
    return [r.name for r in results]


def search_page(query):
    return [(h.kind, h.title) for h in service.run_search(query, service.Filters()).page.object_list]


@pytest.fixture
def topic_lift(department):
    return TopicFactory(name="加装电梯", slug="lift", default_department=department)


def publish(section, title, summary="", body="", topics=()):
    page = ArticlePageFactory(parent=section, title=title, summary=summary,
                              body=[("paragraph", f"<p>{body}</p>")] if body else [])
    if topics:
        page.topics.set(topics)
    page.save_revision().publish()
    return page


def test_a_title_match_ranks_above_a_body_that_repeats_the_word(backend, db):
    DepartmentFactory(name="社区服务中心", slug="titled", description="办事大厅。")
    DepartmentFactory(name="民政局", slug="body", description="社区建设、社区治理、社区服务、社区养老和社区组织的管理。")
    assert names(backend.search("社区", Department)) == ["社区服务中心", "民政局"]


def test_an_article_titled_with_the_word_ranks_above_articles_that_repeat_it_elsewhere(
        backend, news_section, topic_lift):
    titled = publish(news_section, "幸福里电梯投入使用", summary="十一部新梯本周运行。", body="老人下楼不再难。")
    publish(news_section, "老旧小区改造进展", summary="加装电梯、电梯维保和电梯补贴同步推进。",
            body="电梯加装覆盖十个小区，电梯维保纳入物业考评，电梯补贴最高二十万元。", topics=[topic_lift])
    publish(news_section, "物业考评结果公布", summary="八个项目被亮黄牌，其中三个电梯故障频发。")
    found = [p.title for p in ArticlePage.objects.live().search("电梯")]
    assert found[0] == titled.title
    assert len(found) == 3


def test_a_longer_title_with_the_word_still_ranks_above_a_body_only_match(backend, db):
    DepartmentFactory(name="区住房和城乡建设局老旧小区改造与加装电梯工作专班", slug="long", description="")
    DepartmentFactory(name="物业科", slug="short", description="电梯 电梯 电梯")
    assert names(backend.search("电梯", Department))[0] == "区住房和城乡建设局老旧小区改造与加装电梯工作专班"


def test_the_page_about_it_ranks_above_nine_identical_demands(backend, news_section, topic_lift, grid):
    for _ in range(9):
        make_demand(topic_lift, area=grid, title="老旧小区加装电梯进度")
    make_demand(topic_lift, area=grid, title="电梯维修后又停运")
    article = publish(news_section, "全区加装电梯提速 今年开工120部", summary="补贴最高二十万元。")
    hits = search_page("电梯")
    assert hits[0] == ("article", article.title)
    # the other demand comes before the copies: nine copies tell a reader one thing
    titles = [title for _kind, title in hits]
    copies = [i for i, title in enumerate(titles) if title == "老旧小区加装电梯进度"]
    assert copies and titles.index("电梯维修后又停运") < copies[1]


def test_a_demand_titled_with_the_word_ranks_above_a_page_that_only_mentions_it(backend, news_section, topic_lift,
                                                                                  grid):
    publish(news_section, "老旧小区改造进展", summary="加装电梯和管网更新同步推进。", body="电梯补贴最高二十万元。")
    make_demand(topic_lift, area=grid, title="三号楼电梯经常停运")
    assert search_page("电梯")[0] == ("demand", "三号楼电梯经常停运")
