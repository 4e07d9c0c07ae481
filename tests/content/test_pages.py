"""Each page type is routable, renderable, editable and previewable, and shows what readers need."""

import pytest
from wagtail.test.utils.form_data import rich_text, streamfield

from tests.content.factories import make_article, make_policy
from tests.factories import DepartmentFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(news_section, topic, department, grid, story_image):
    return make_article(
        news_section, title="社区停车难问题有了新办法", slug="parking-solution", topics=[topic], departments=[department],
        area=grid, image=story_image, blocks=1, byline="记者 张三",
    )


@pytest.fixture
def policy(policy_section, department, topic, article):
    from content.models import PolicyRelatedArticle

    policy = make_policy(policy_section, title="垃圾分类新规解读", slug="waste-sorting-explained", issuing_department=department, topics=[topic])
    PolicyRelatedArticle.objects.create(page=policy, article=article)
    return policy


def test_home_page_passes_wagtails_page_checks(page_tests, home):
    page_tests.assertPageIsRoutable(home)
    page_tests.assertPageIsRenderable(home)
    page_tests.assertPageIsEditable(home)
    page_tests.assertPageIsPreviewable(home)


def test_section_page_passes_wagtails_page_checks(page_tests, news_section):
    page_tests.assertPageIsRoutable(news_section)
    page_tests.assertPageIsRenderable(news_section)
    page_tests.assertPageIsEditable(news_section)
    page_tests.assertPageIsPreviewable(news_section)


def test_article_page_passes_wagtails_page_checks(page_tests, article, edit_form_data):
    page_tests.assertPageIsRoutable(article)
    page_tests.assertPageIsRenderable(article)
    data = edit_form_data(article, {"body": streamfield([
        ("heading", {"text": "小标题", "level": "h2"}),
        ("paragraph", rich_text("<p>正文</p>")),
        ("quote", {"text": "引语", "attribution": "居民"}),
    ])})
    page_tests.assertPageIsEditable(article, post_data=data)
    page_tests.assertPageIsPreviewable(article, post_data=data)


def test_policy_page_passes_wagtails_page_checks(page_tests, policy, edit_form_data):
    page_tests.assertPageIsRoutable(policy)
    page_tests.assertPageIsRenderable(policy)
    data = edit_form_data(policy, {
        "key_points": streamfield([("point", "要点一")]),
        "questions": streamfield([("qa", {"question": "问题", "answer": rich_text("<p>回答</p>")})]),
    })
    page_tests.assertPageIsEditable(policy, post_data=data)
    page_tests.assertPageIsPreviewable(policy, post_data=data)


def test_article_shows_hero_with_srcset_caption_credit_blocks_and_tags(client, article, topic, department, grid):
    html = client.get(article.url).content.decode()
    assert "<h1>社区停车难问题有了新办法</h1>" in html
    assert 'srcset="' in html and "1280w" in html
    assert "新建的共享停车场" in html and "摄影 王五" in html
    assert "记者 张三" in html
    assert "小标题0" in html and "居民王女士" in html and "新增车位120个" in html
    assert '<th scope="col">项目</th>' in html
    assert "图0" in html
    assert f'href="{topic.get_absolute_url()}"' in html
    assert f'href="{department.get_absolute_url()}"' in html
    assert f'href="{grid.get_absolute_url()}"' in html and "幸福社区" in html


def test_policy_shows_the_policy_key_points_answers_documents_and_related(client, policy, article, department):
    from wagtail.documents.models import Document
    from django.core.files.base import ContentFile

    from content.models import PolicyDocument

    document = Document.objects.create(title="实施意见全文", file=ContentFile(b"%PDF-1.4", name="yijian.pdf"))
    PolicyDocument.objects.create(page=policy, document=document)
    html = client.get(policy.url).content.decode()
    assert "关于推进生活垃圾分类的实施意见" in html
    assert policy.document_number in html
    assert department.name in html
    assert "2026-03-01" in html and "2026-04-01" in html
    assert "小区设置分类投放点" in html
    assert "什么时候开始实施？" in html
    assert "实施意见全文" in html and document.url in html
    assert article.title in html


def test_embed_block_without_a_provider_falls_back_to_a_link(client, news_section):
    import json

    article = make_article(news_section, blocks=0)
    article.body = json.dumps([{"type": "embed", "value": "https://video.example.com/v/1"}])
    article.save()
    html = client.get(article.url).content.decode()
    assert 'href="https://video.example.com/v/1"' in html


def test_home_page_shows_lead_stories_and_latest_by_section(client, home, news_section, policy_section, department):
    from content.models import HomePageLeadStory

    lead = make_article(news_section, title="头条：老旧小区加装电梯", minutes=1)
    make_article(news_section, title="新闻：夜市开张", minutes=2)
    make_policy(policy_section, title="解读：停车收费新标准", issuing_department=department, minutes=3)
    HomePageLeadStory.objects.create(page=home, story=lead)
    html = client.get("/").content.decode()
    assert "头条：老旧小区加装电梯" in html
    assert "新闻：夜市开张" in html and "解读：停车收费新标准" in html
    assert html.index("时政要闻") < html.index("新闻：夜市开张")


def test_header_lists_the_sections(client, home, news_section, policy_section):
    html = client.get("/").content.decode()
    start = html.index('class="site-nav"')
    nav = html[start:html.index("</nav>", start)]  # the language switcher is a <nav> of its own before it
    assert news_section.url in nav and "政策解读" in nav


def test_section_lists_children_newest_first_and_paginates(client, news_section):
    for n in range(14):
        make_article(news_section, title=f"第{n:02d}条", minutes=n)
    first = client.get(news_section.url).content.decode()
    assert first.index("第13条") < first.index("第12条")
    assert "第01条" not in first  # 12 per page
    second = client.get(news_section.url, {"page": 2}).content.decode()
    assert "第01条" in second and "第00条" in second and "第13条" not in second
    assert client.get(news_section.url, {"page": "abc"}).status_code == 200
    assert client.get(news_section.url, {"page": 99}).status_code == 200


def test_section_filters_by_topic_with_a_labelled_form(client, news_section, topic):
    other = TopicFactory(name="垃圾分类", slug="waste")
    make_article(news_section, title="停车新办法", topics=[topic], minutes=1)
    make_article(news_section, title="分类新规", topics=[other], minutes=2)
    html = client.get(news_section.url, {"topic": "parking"}).content.decode()
    assert '<label for="topic-filter">' in html
    assert "停车新办法" in html and "分类新规" not in html
    everything = client.get(news_section.url, {"topic": "no-such-topic"}).content.decode()
    assert "停车新办法" in everything and "分类新规" in everything


def test_section_does_not_list_drafts(client, news_section):
    draft = make_article(news_section, title="草稿不公开")
    draft.unpublish()
    assert "草稿不公开" not in client.get(news_section.url).content.decode()


def test_department_page_lists_articles_and_policies_it_is_tagged_in(client, news_section, policy_section, department):
    other = DepartmentFactory(name="交通局", slug="jiaotong")
    make_article(news_section, title="城管新闻", departments=[department])
    make_article(news_section, title="交通新闻", departments=[other])
    make_policy(policy_section, title="城管政策", issuing_department=department)
    html = client.get(department.get_absolute_url()).content.decode()
    assert "<h1>城市管理局</h1>" in html
    assert "城管新闻" in html and "城管政策" in html and "交通新闻" not in html


def test_topic_page_lists_what_is_tagged(client, news_section, policy_section, topic, department):
    make_article(news_section, title="停车新闻", topics=[topic])
    make_article(news_section, title="别的新闻")
    make_policy(policy_section, title="停车政策", topics=[topic], issuing_department=department)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "停车新闻" in html and "停车政策" in html and "别的新闻" not in html


def test_area_page_lists_stories_of_the_area_and_places_below(client, news_section, grid):
    community = grid.parent
    make_article(news_section, title="网格里的新闻", area=grid)
    make_article(news_section, title="别处的新闻")
    html = client.get(community.get_absolute_url()).content.decode()
    assert "网格里的新闻" in html and "别处的新闻" not in html
    assert grid.get_absolute_url() in html  # places within


def test_unknown_vocabulary_slugs_are_404(client, home):
    assert client.get("/topics/nope/").status_code == 404
    assert client.get("/departments/nope/").status_code == 404
    assert client.get("/areas/nope/").status_code == 404


def test_an_editors_preview_and_publishing_show_new_tags_though_the_live_page_kept_its_own(client, article, topic):
    assert topic.name in client.get(article.url).content.decode()  # the live page's tags, now kept for it
    retagged = TopicFactory(name="垃圾分类", slug="waste")
    draft = article.get_latest_revision_as_object()
    draft.topics = [retagged]

    preview = draft.make_preview_request().render().content.decode()

    assert "垃圾分类" in preview and f">{topic.name}<" not in preview
    assert "垃圾分类" not in client.get(article.url).content.decode()
    draft.save_revision().publish()
    assert "垃圾分类" in client.get(article.url).content.decode()


def test_a_story_whose_hero_image_was_deleted_shows_without_it(client, article):
    assert "新建的共享停车场" in client.get(article.url).content.decode()  # the hero, now kept for the page
    article.hero_image.delete()  # the library's delete: the page's hero is emptied, nothing is published

    response = client.get(article.url)

    assert response.status_code == 200
    assert "新建的共享停车场" not in response.content.decode()
