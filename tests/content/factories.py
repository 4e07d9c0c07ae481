"""Builders for stories with images, tagging and bodies of a chosen size (tests and bench/pages.py)."""

import datetime
import json

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from tests.factories import ArticlePageFactory, PolicyPageFactory

BASE_TIME = timezone.make_aware(datetime.datetime(2026, 5, 1, 9, 0))


class StoryImageFactory(wagtail_factories.ImageFactory):
    title = "社区停车场"
    file = factory.django.ImageField(width=1600, height=900, color="steelblue")


def body_blocks(size, image=None):
    """Raw StreamField data with ``size`` of each block type (image blocks only with an image)."""
    raw = []
    for n in range(size):
        raw.append({"type": "heading", "value": {"text": f"小标题{n}", "level": "h2"}})
        raw.append({"type": "paragraph", "value": f"<p>第{n}段：街道召开居民议事会，讨论停车方案。</p>"})
        raw.append({"type": "quote", "value": {"text": "问题解决了，大家都满意。", "attribution": "居民王女士"}})
        raw.append({"type": "key_facts", "value": {"title": "要点", "facts": ["新增车位120个", "夜间开放"]}})
        raw.append({"type": "table", "value": {
            "data": [["项目", "数量"], ["车位", "120"]], "first_row_is_table_header": True,
            "first_col_is_header": False, "table_header_choice": "row",
        }})
        if image is not None:
            raw.append({"type": "image", "value": {"image": image.pk, "caption": f"图{n}", "credit": "记者 李四"}})
    return json.dumps(raw)


def make_article(section, *, minutes=0, topics=(), departments=(), area=None, blocks=1, image=None, **kwargs):
    """A published article, ``minutes`` after BASE_TIME, tagged and with ``blocks`` of each block type."""
    when = BASE_TIME + datetime.timedelta(minutes=minutes)
    article = ArticlePageFactory(
        parent=section, first_published_at=when, last_published_at=when,
        hero_image=image, hero_caption=kwargs.pop("hero_caption", "新建的共享停车场"),
        hero_credit=kwargs.pop("hero_credit", "摄影 王五"), area=area,
        body=body_blocks(blocks, image=image), **kwargs,
    )
    if topics:
        article.topics.set(topics)
    if departments:
        article.departments.set(departments)
    if topics or departments:
        article.save()
    return article


def make_policy(section, *, minutes=0, topics=(), area=None, **kwargs):
    when = BASE_TIME + datetime.timedelta(minutes=minutes)
    kwargs.setdefault("key_points", json.dumps([
        {"type": "point", "value": "2026年4月1日起施行"}, {"type": "point", "value": "小区设置分类投放点"},
    ]))
    kwargs.setdefault("questions", json.dumps([
        {"type": "qa", "value": {"question": "什么时候开始实施？", "answer": "<p>2026年4月1日。</p>"}},
    ]))
    policy = PolicyPageFactory(parent=section, first_published_at=when, last_published_at=when, area=area, **kwargs)
    if topics:
        policy.topics.set(topics)
        policy.save()
    return policy


def translate(page, **english):
    """What an editor does: copy for translation into English, write the English text, publish."""
    copy = page.copy_for_translation(Locale.objects.get(language_code="en")).specific
    for name, value in english.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    Site.clear_site_root_paths_cache()
    return Page.objects.get(pk=copy.pk).specific
