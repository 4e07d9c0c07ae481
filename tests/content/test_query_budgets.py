"""Query budgets of the public pages (warm: the second request), on a site with more than the
minimum in it, and the same count for a small and a large story: queries must not grow with data.

Issue 14's budgets are home ≤ 20, article ≤ 15, policy ≤ 15, search ≤ 15; the ceilings below are what
the pages ask today, below them. The locales, the page type at an address and whether any page is
restricted come from the site-wide cache (content.sitewide), a page's translations and its ancestors'
(hreflang, the language switcher) in one query (content.locales); tests/content/test_cached_lookups.py
proves each cache shows an editor's change at once.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import HomePageLeadStory, PolicyRelatedArticle
from tests.comments.factories import comment, make_resident
from tests.content.factories import StoryImageFactory, make_article, make_policy
from tests.demands.factories import make_demand
from tests.factories import AreaFactory, DepartmentFactory, SectionPageFactory, TopicFactory


@pytest.fixture
def site(home, news_section, policy_section):
    community = SectionPageFactory(parent=home, title="社区民生", slug="community")
    departments = [DepartmentFactory(name=f"部门{n}", slug=f"dept-{n}") for n in range(6)]
    topics = [TopicFactory(name=f"停车主题{n}", slug=f"topic-{n}", default_department=departments[n % 6])
              for n in range(8)]
    grid = AreaFactory.grid()
    images = [StoryImageFactory(title=f"图片{n}") for n in range(3)]
    articles = [
        make_article((news_section, community)[n % 2], title=f"新闻{n}：社区停车难问题有了新办法", slug=f"a-{n}",
                     minutes=n, topics=topics[n % 8:n % 8 + 2], departments=departments[n % 6:n % 6 + 1],
                     area=grid, image=images[n % 3])
        for n in range(16)
    ]
    for story in articles[-3:]:
        HomePageLeadStory.objects.create(page=home, story=story)
    small = make_article(news_section, title="小稿件停车", slug="small", minutes=100, topics=topics[:1],
                         departments=departments[:1], area=grid, image=images[0], blocks=1)
    large = make_article(news_section, title="大稿件停车", slug="large", minutes=101, topics=topics,
                         departments=departments, area=grid, image=images[1], blocks=8)
    residents = [make_resident(f"jumin{n}") for n in range(4)]
    comment(small, residents[0], text="一条评论：停车位够不够？")  # one comment, against eight under the large one
    for n, resident in enumerate(residents):
        root = comment(large, resident, text=f"第{n}条评论：停车位够不够？")
        comment(large, residents[(n + 1) % 4], text="回复：够了。", parent=root)
    small_policy = make_policy(policy_section, title="小政策停车", slug="small-policy", minutes=102,
                               issuing_department=departments[0], topics=topics[:1], area=grid)
    large_policy = make_policy(policy_section, title="大政策停车", slug="large-policy", minutes=103,
                               issuing_department=departments[1], topics=topics, area=grid)
    PolicyRelatedArticle.objects.create(page=small_policy, article=articles[0])
    for article in articles[:6]:
        PolicyRelatedArticle.objects.create(page=large_policy, article=article)
    for n in range(6):
        make_demand(topics[n % 8], area=grid, title=f"小区停车位不足{n}")
    return {"small": small, "large": large, "small_policy": small_policy, "large_policy": large_policy}


def warm_count(client, url):
    """Queries of the second GET of ``url`` (the first fills the caches)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# A policy asks one query more than a story: its organisations' position statements (consultations.statements).
@pytest.mark.parametrize("url, budget", [
    ("/", 18), ("/news/large/", 14), ("/policies/large-policy/", 15), ("/search/?q=停车", 15),
])
def test_a_warm_page_stays_within_its_query_budget(client, site, url, budget, django_assert_max_num_queries):
    client.get(url)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_a_large_story_asks_as_many_queries_as_a_small_one(client, site):
    assert warm_count(client, site["large"].url) == warm_count(client, site["small"].url)
    assert warm_count(client, site["large_policy"].url) == warm_count(client, site["small_policy"].url)
