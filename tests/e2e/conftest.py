"""End-to-end harness: Debian's chromium driven by Playwright against pytest-django's live server.

Fixtures
    ``browser``       one headless chromium per test session (per xdist worker)
    ``page``          a fresh browser context + page per test (zh-CN locale, 1280x900)
    ``seeded_site``   a small published site (home, three sections, articles, a policy) + role users
    ``login``         ``login(page, user)``: logs ``user`` in by giving the page a session cookie
    ``axe``           ``axe(page)``: serious/critical axe-core violations of the page as loaded
    ``axe_all``       ``axe_all(page)``: violations of every impact (minor and moderate too)
    ``live_url``      ``live_url("/path/")``: absolute URL on the live server

Every test here must be marked ``@pytest.mark.e2e`` (``pytestmark = pytest.mark.e2e``).

Notes
- The browser is never downloaded: Playwright launches /usr/bin/chromium (``make browser``).
- Playwright's sync API keeps an asyncio loop in the main thread, so Django's "async unsafe"
  guard is switched off while the browser lives (``DJANGO_ALLOW_ASYNC_UNSAFE``).
- ``live_server`` uses a transactional database that is flushed after each test, and a flush
  removes Wagtail's root page, locale and root collection (they come from data migrations);
  ``wagtail_baseline`` puts them back before each test builds its tree.
- axe-core is vendored in tests/e2e/vendor/axe.min.js (axe-core 4.12.1, MPL-2.0, from
  ``npm pack axe-core@4.12.1``) and injected from that local file: no network.
"""

import datetime
import io
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone

CHROMIUM = os.environ.get("GONGZHI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
#: axe impacts that fail a test.
BLOCKING_IMPACTS = ("serious", "critical")
#: Every impact axe reports: the public pages are held to zero of any (issue 11).
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
#: Milliseconds Playwright waits for a navigation or an element before failing.
TIMEOUT_MS = int(os.environ.get("GONGZHI_E2E_TIMEOUT_MS", "15000"))


def pytest_collection_modifyitems(config, items):
    """Everything under tests/e2e is an end-to-end test, marked or not."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


# --- Browser ---------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)", pytrace=False)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, base_url=live_server.url
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def live_url(live_server):
    def build(path="/"):
        return live_server.url + path

    return build


# --- Logging in ------------------------------------------------------------------------------------

@pytest.fixture
def login(live_server):
    """``login(page, user)``: the page's browser context is now logged in as ``user``."""
    from django.test import Client

    def do_login(page, user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return user

    return do_login


# --- Accessibility ---------------------------------------------------------------------------------

def run_axe(page, impacts=BLOCKING_IMPACTS):
    """Inject axe-core from the vendored file, run it on the whole document, return the
    violations whose impact is in ``impacts`` (each a dict: id, impact, help, nodes...)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not added as an inline <script>: the site's
        # Content-Security-Policy (script-src 'self') blocks inline scripts, and stays on in every test.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [v for v in result["violations"] if v.get("impact") in impacts]


def describe_violations(violations):
    """A readable assertion message: rule, impact, help and the first offending nodes."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", [])[:5]:
            lines.append(f"    {', '.join(map(str, node.get('target', [])))}: {node.get('failureSummary', '')}"[:400])
    return "\n".join(lines)


@pytest.fixture
def axe():
    """``axe(page)`` -> serious/critical violations. ``assert not v, describe_violations(v)``."""
    return run_axe


@pytest.fixture
def axe_all():
    """``axe_all(page)`` -> violations of any impact, minor included."""
    return lambda page: run_axe(page, impacts=ALL_IMPACTS)


# --- The seeded site -------------------------------------------------------------------------------

@pytest.fixture
def wagtail_baseline(transactional_db):
    """Wagtail's rows from data migrations (locale, root page, root collection), restored after a flush."""
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Collection, Locale, Page

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:  # Wagtail's default one, and content/migrations/0003's
        Locale.objects.get_or_create(language_code=code)
    locale = Locale.objects.get(language_code=get_supported_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    from content.roles import sync_roles

    sync_roles()  # groups exist again after the flush's post_migrate, but not their page permissions


def make_image(title, colour=(32, 96, 160), size=(1200, 675)):
    """A Wagtail image drawn with Pillow (a coloured field with a band), stored in MEDIA_ROOT."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model

    canvas = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle([0, size[1] * 2 // 3, size[0], size[1]], fill=(255, 255, 255))
    draw.ellipse([size[0] // 2 - 120, size[1] // 3 - 120, size[0] // 2 + 120, size[1] // 3 + 120], fill=(240, 180, 40))
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="e2e-hero.png"))


def article_body(topic_name="停车"):
    """A StreamField body (raw form) using several block types."""
    return json.dumps([
        {"type": "paragraph", "value": f"<p>围绕居民反映集中的{topic_name}问题，街道召开协调会，明确了责任分工和时间表。</p>"},
        {"type": "heading", "value": {"text": "主要措施", "level": "h2"}},
        {"type": "paragraph", "value": "<p>一是错时共享车位；二是增设临时停车区；三是加强巡查。</p>"},
        {"type": "quote", "value": {"text": "我们会把居民的意见落到实处。", "attribution": "街道负责人"}},
        {"type": "key_facts", "value": {"title": "要点", "facts": ["新增车位 320 个", "试点为期三个月"]}},
        {"type": "table", "value": {
            "data": [["措施", "完成时间"], ["共享车位", "12月"], ["临时停车区", "次年1月"]],
            "first_row_is_table_header": True, "first_col_is_header": False, "table_caption": "进度安排",
        }},
    ])


@pytest.fixture
def seeded_site(live_server, wagtail_baseline, home, news_section, policy_section, department, topic, grid,
                editor, chief_editor, moderator, resident):
    """A small published site: home, three sections, four articles (one in English), a policy.

    Returns a namespace: home, news, policies, community, articles (newest first), lead (the
    home page's lead story), policy, department, topic, grid, editor, chief_editor, moderator,
    resident, image.
    """
    from wagtail.documents import get_document_model
    from django.core.files.base import ContentFile

    from content.models import ArticlePage, PolicyPage
    from content.models.pages import HomePageLeadStory, PolicyDocument
    from content.roles import sync_roles
    from tests.factories import SectionPageFactory

    community = SectionPageFactory(parent=home, title="社区民生", slug="community")
    home.intro = "政务新闻、政策解读与居民之声"
    home.save()
    image = make_image("社区停车示意图")
    now = timezone.now()
    specs = [
        (news_section, "错时共享停车：和平街道新增三百个车位", 1, "zh"),
        (news_section, "垃圾分类新规下月起施行", 3, "zh"),
        (community, "幸福社区老旧小区改造启动", 5, "zh"),
        (news_section, "City opens new bus lanes on Heping Road", 7, "en"),
    ]
    articles = []
    for section, title, days_ago, lang in specs:
        published = now - datetime.timedelta(days=days_ago)
        article = ArticlePage(
            title=title,
            summary=("街道与城管部门联合推出错时共享停车，缓解居民停车难。" if lang == "zh"
                     else "Two new bus lanes shorten the morning commute."),
            hero_image=image, hero_caption="和平街道的共享停车区", hero_credit="共治 摄",
            body=article_body(topic.name), byline="记者 王晓" if lang == "zh" else "Reporter Li Na",
            area=grid, first_published_at=published, last_published_at=published,
        )
        section.add_child(instance=article)
        article.topics.set([topic])
        article.departments.set([department])
        article.save()
        articles.append(article)
    document = get_document_model().objects.create(
        title="关于推进错时共享停车的实施意见（原文）",
        file=ContentFile("关于推进错时共享停车的实施意见\n一、总体要求……\n".encode(), name="policy.txt"),
    )
    policy = PolicyPage(
        title="一图读懂：错时共享停车实施意见",
        summary="政策明确了共享车位的开放时段、收费标准和管理责任。",
        policy_title="关于推进错时共享停车的实施意见",
        document_number="东府办〔2026〕12号",
        issuing_department=department,
        issued_on=datetime.date(2026, 3, 1), effective_on=datetime.date(2026, 4, 1),
        key_points=json.dumps([{"type": "point", "value": "机关单位停车场夜间向居民开放"},
                               {"type": "point", "value": "共享车位收费不高于周边标准"}]),
        questions=json.dumps([{"type": "qa", "value": {
            "question": "哪些车位可以共享？", "answer": "<p>机关、学校和商场的停车场。</p>"}}]),
        area=grid, first_published_at=now - datetime.timedelta(days=2),
        last_published_at=now - datetime.timedelta(days=2),
    )
    policy_section.add_child(instance=policy)
    policy.topics.set([topic])
    policy.save()
    PolicyDocument.objects.create(page=policy, document=document, title="实施意见原文", sort_order=0)
    HomePageLeadStory.objects.create(page=home, story=articles[0], sort_order=0)
    sync_roles()
    return SimpleNamespace(
        home=home, news=news_section, policies=policy_section, community=community,
        articles=articles, lead=articles[0], policy=policy, department=department, topic=topic,
        grid=grid, editor=editor, chief_editor=chief_editor, moderator=moderator, resident=resident,
        image=image, document=document,
    )


def choose_grid(page, grid, name="area"):
    """Pick ``grid`` in a grid picker (content/area_choice.py): through its district → street → community
    cascade when static/js/grid-picker.js has run, else straight in the grouped select."""
    levels = page.locator(f"select[name={name}]").locator("xpath=..").locator("select[data-level]")
    if levels.count():
        for level, area in zip(("district", "street", "community"), grid.ancestors()):
            page.select_option(f"select[data-level={level}]", area.name)
    page.select_option(f"select[name={name}]", str(grid.pk))
