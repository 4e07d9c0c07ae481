"""The demo stories: 40 articles and 12 policy explainers, spread over the last SPREAD_DAYS days,
and the home page's lead stories."""

import datetime
import json

from wagtail.models import Page, Revision

from content.models import ArticlePage, HomePageLeadStory, PolicyDocument, PolicyPage, PolicyRelatedArticle

from . import data
from .media import policy_document

SPREAD_DAYS = 90
POLICY_FIELDS = ("topic", "department", "slug", "title", "policy_title", "number", "issued", "effective",
                 "summary", "points", "qa")
BYLINES = ["记者 王晓", "记者 陈静 通讯员 李明", "记者 赵磊", "本网记者 孙悦", "记者 周涛", "通讯员 吴芳"]


def published_at(now, index, count, second=0):
    """Spread ``count`` stories over the last SPREAD_DAYS days, newest first, at office hours.

    Two families of stories (articles, policies) pass different ``second``s: no two stories share a
    publication time (feed readers and the W3C validator take entries with one ``updated`` for copies).
    """
    days = (index * SPREAD_DAYS) // max(count, 1)
    moment = now - datetime.timedelta(days=days)
    moment = moment.replace(hour=1 + (index * 3) % 9, minute=(index * 17) % 60, second=second, microsecond=0)
    # Early in the day the office hour may still lie ahead: never publish in the future.
    return moment if moment <= now else moment - datetime.timedelta(days=1)


def publish(command, page, author, publisher, when):
    """Publish ``page`` as ``author`` and ``publisher`` did, dated ``when``."""
    revision = page.save_revision(user=author, log_action=False, clean=False)
    revision.publish(user=publisher, log_action=False)
    Page.objects.filter(pk=page.pk).update(
        first_published_at=when, last_published_at=when, latest_revision_created_at=when
    )
    Revision.objects.filter(pk=revision.pk).update(created_at=when)
    command.created += 1


def seed_articles(command, sections, topics, departments, areas, images, users):
    """Every article of the material, in its order (existing ones found again by slug)."""
    existing = {p.slug: p for p in ArticlePage.objects.all()}
    articles = []
    count = len(data.ARTICLES)
    for index, spec in enumerate(data.ARTICLES):
        section_slug, topic_slug, dept_slugs, area_slug, channel, slug, title, summary = spec
        page = existing.get(slug)
        if page is None:
            english = title.isascii()
            page = ArticlePage(
                title=title, slug=slug, summary=summary,
                hero_image=images[topic_slug],
                hero_caption=(f"{areas[area_slug].name} · {topics[topic_slug].name}" if not english
                              else f"{areas[area_slug].name}: illustration"),
                hero_credit="共治融媒体中心" if not english else "Gongzhi newsroom",
                body=article_body(spec, index, areas[area_slug], images),
                byline=BYLINES[index % len(BYLINES)] if not english else "Reporter Li Na",
                channel=channel, area=areas[area_slug],
                comments_open=index % 7 != 6,
            )
            sections[section_slug].add_child(instance=page)
            page.topics.set([topics[topic_slug]])
            page.departments.set([departments[d] for d in dept_slugs])
            publish(command, page, users["editor"], users["chief"], published_at(command.now, index, count))
        articles.append(page)
    return articles


def seed_policies(command, sections, topics, departments, areas, articles, users):
    """The policy explainers, each with its original document and two related articles of its topic."""
    existing = {p.slug: p for p in PolicyPage.objects.all()}
    by_topic = {}
    for spec, article in zip(data.ARTICLES, articles):
        by_topic.setdefault(spec[1], []).append(article)
    count = len(data.POLICIES)
    for index, raw in enumerate(data.POLICIES):
        spec = dict(zip(POLICY_FIELDS, raw))
        if spec["slug"] in existing:
            continue
        department = departments[spec["department"]]
        page = PolicyPage(
            title=spec["title"], slug=spec["slug"], summary=spec["summary"],
            policy_title=spec["policy_title"], document_number=spec["number"],
            issuing_department=department,
            issued_on=datetime.date.fromisoformat(spec["issued"]),
            effective_on=datetime.date.fromisoformat(spec["effective"]),
            key_points=json.dumps([{"type": "point", "value": p} for p in spec["points"]]),
            questions=json.dumps([
                {"type": "qa", "value": {"question": q, "answer": f"<p>{a}</p>"}} for q, a in spec["qa"]
            ]),
            area=areas["dongcheng"],
        )
        sections["policies"].add_child(instance=page)
        page.topics.set([topics[spec["topic"]]])
        page.documents = [PolicyDocument(document=policy_document(command, spec, department), title="政策原文")]
        page.related_articles = [PolicyRelatedArticle(article=a) for a in by_topic.get(spec["topic"], [])[:2]]
        publish(command, page, users["editor"], users["chief"], published_at(command.now, index * 3 + 1, count * 3, second=30))


def seed_lead_stories(command, home, articles):
    """The first three news articles lead the home page (unless it has lead stories already)."""
    if home.lead_stories.exists():
        return
    news = [a for spec, a in zip(data.ARTICLES, articles) if spec[0] == "news"][:3]
    for order, article in enumerate(news):
        HomePageLeadStory.objects.create(page=home, story=article, sort_order=order)
        command.created += 1


def article_body(spec, index, area, images):
    """A StreamField body (raw JSON) from the topic's material; block types vary by story."""
    _section, topic, _depts, _area, _channel, _slug, title, summary = spec
    m = data.MATERIAL[topic]
    if title.isascii():
        return json.dumps([
            {"type": "paragraph", "value": f"<p>{summary}</p>"},
            {"type": "heading", "value": {"text": "What changes", "level": "h2"}},
            {"type": "paragraph", "value": "<p>The measures were drawn up after residents' comments and demands "
                                           "on the Gongzhi site and the 12345 hotline. Departments will report "
                                           "progress every month.</p>"},
            {"type": "quote", "value": {"text": "We listened first, then we drew the plan.",
                                        "attribution": "A spokesperson for the district government"}},
            {"type": "key_facts", "value": {"title": "Key facts", "facts": [
                "Plan announced in the last quarter", "Residents can comment and rate it online",
                "Progress is published monthly"]}},
        ])
    blocks = [
        {"type": "paragraph", "value": f"<p>{summary}{m['context']}</p>"},
        {"type": "heading", "value": {"text": "主要措施", "level": "h2"}},
        {"type": "paragraph", "value": "<ul>" + "".join(f"<li>{x}</li>" for x in m["measures"]) + "</ul>"},
        {"type": "quote", "value": {"text": m["quote"][0], "attribution": m["quote"][1]}},
        {"type": "key_facts", "value": {"title": "要点", "facts": m["facts"]}},
    ]
    if index % 2 == 0:
        caption, rows = m["table"]
        blocks.append({"type": "table", "value": {
            "data": rows, "first_row_is_table_header": True, "first_col_is_header": False,
            "table_header_choice": "row", "table_caption": caption,
        }})
    if index % 5 == 0:
        blocks.append({"type": "image", "value": {
            "image": images[topic].pk, "caption": f"{area.name}（资料图）", "credit": "共治融媒体中心"}})
    blocks += [
        {"type": "heading", "value": {"text": "居民怎么说", "level": "h2"}},
        {"type": "paragraph", "value": f"<p>{area.full_name()}的居民表示，希望相关措施能够长期坚持、"
                                       "落到实处。居民如有意见建议，可以在本文下方留言，或通过“共治”网站提交诉求。</p>"},
    ]
    return json.dumps(blocks)
