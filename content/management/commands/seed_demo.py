"""``manage.py seed_demo``: a believable demo newsroom (idempotent; ``make run`` calls it).

Creates the home page (replacing Wagtail's welcome page as the default site's root), the
vocabulary (departments, topics, an area tree down to grids), three sections, 40 articles and 12
policy explainers with locally drawn hero images and original documents, the editorial
workflow, and one demo user per role. Then it calls every ``gongzhi_seed_demo`` hook (other
apps' demo data) in order, and rebuilds the search index once.

Demo only: it refuses to run when ``settings.DEBUG`` is off unless ``--force`` is given, so
a production deployment gets no demo accounts. Objects are found again by their slug (or
username), so a second run creates nothing and changes nothing that exists.
"""

import datetime
import io
import json
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from content.hooks import SEED_DEMO
from content.models import Area, ArticlePage, Department, HomePage, PolicyPage, SectionPage, Topic
from content.models.pages import HomePageLeadStory, PolicyDocument, PolicyRelatedArticle
from content.roles import CHIEF_EDITORS, EDITORS, MODERATORS, SUPERVISORS, ensure_department_group, sync_roles
from content.seed_english import seed_english

from . import _seed_data as data

DEMO_PASSWORD = "gongzhi-demo-2026"
#: username, email, role (group name or a department slug prefixed with "dept:"), description
DEMO_USERS = [
    ("admin", "admin@example.com", "superuser", "超级管理员 (superuser)"),
    ("editor", "editor@example.com", EDITORS, "编辑 (Editors: write, submit for approval)"),
    ("chief", "chief@example.com", CHIEF_EDITORS, "总编 (Chief editors: approve and publish)"),
    ("moderator", "moderator@example.com", MODERATORS, "审核员 (Moderators: comments, demand triage)"),
    ("supervisor", "supervisor@example.com", SUPERVISORS, "督办 (Supervisors: deadlines, exports)"),
    ("staff-chengguan", "staff-chengguan@example.com", "dept:chengguan", "城市管理局工作人员 (department staff)"),
    ("resident", "resident@example.com", None, "居民 (resident: log in on the site with the email)"),
]
HOME_TITLE = "共治"
HOME_SLUG = "gongzhi"
SPREAD_DAYS = 90


class Command(BaseCommand):
    help = "Seed a demo site (idempotent). Demo only: refuses when DEBUG is off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even though settings.DEBUG is False.")
        parser.add_argument("--no-index", action="store_true", help="Do not rebuild the search index at the end.")
        parser.add_argument("--no-hooks", action="store_true", help="Only the content; skip other apps' demo data.")

    def handle(self, *args, force=False, no_index=False, no_hooks=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates demo accounts with known passwords; it refuses to run when DEBUG is off. "
                "Pass --force if this really is a demo installation."
            )
        started = time.monotonic()
        self.created = 0
        self.now = timezone.now()
        with _search_indexing_paused():
            with transaction.atomic():
                home = self.seed_home()
                departments = self.seed_departments()
                topics = self.seed_topics(departments)
                areas = self.seed_areas()
                sections = self.seed_sections(home)
                users = self.seed_users()
                sync_roles()  # page permissions on the home page, the editorial workflow on the sections
                images = self.seed_images()
                articles = self.seed_articles(sections, topics, departments, areas, images, users)
                self.seed_policies(sections, topics, departments, areas, articles, users)
                self.seed_lead_stories(home, articles)
                seed_english(self, home)  # content/seed_english.py: the English edition
            self.stdout.write(f"Content: {self.created} objects created ({time.monotonic() - started:.1f}s).")
            if not no_hooks:
                for fn in hooks.get_hooks(SEED_DEMO):
                    fn(self)
        if not no_index:
            call_command("update_index", verbosity=0)
            self.stdout.write("Search index rebuilt.")
        self.print_logins()
        self.stdout.write(self.style.SUCCESS(f"Demo site ready in {time.monotonic() - started:.1f}s."))

    # --- Site and vocabulary -----------------------------------------------------------------

    def seed_home(self):
        home = HomePage.objects.first()
        root = Page.get_first_root_node()
        if home is None:
            home = HomePage(title=HOME_TITLE, slug=HOME_SLUG, intro="政务新闻、政策解读与居民之声：共建共治共享。")
            root.add_child(instance=home)
            self.created += 1
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=HOME_TITLE)
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = HOME_TITLE
            site.save()
        # Wagtail's "Welcome to your new Wagtail site!" page: a bare Page at the top with no children.
        for page in Page.objects.child_of(root).exact_type(Page):
            if not page.get_children().exists() and not Site.objects.filter(root_page=page).exists():
                page.delete()
        return home

    def seed_departments(self):
        result = {}
        for slug, name, short, phone, description in data.DEPARTMENTS:
            dept, created = Department.objects.get_or_create(
                slug=slug, defaults={"name": name, "short_name": short, "public_phone": phone, "description": description}
            )
            self.created += created
            result[slug] = dept
        return result

    def seed_topics(self, departments):
        result = {}
        for slug, name, dept, description in data.TOPICS:
            topic, created = Topic.objects.get_or_create(
                slug=slug, defaults={"name": name, "default_department": departments[dept], "description": description}
            )
            self.created += created
            result[slug] = topic
        return result

    def seed_areas(self):
        existing = {a.slug: a for a in Area.objects.all()}

        def get(slug, name, kind, parent):
            if slug not in existing:
                existing[slug] = Area.objects.create(slug=slug, name=name, kind=kind, parent=parent)
                self.created += 1
            return existing[slug]

        for d_slug, d_name, streets in data.AREAS:
            district = get(d_slug, d_name, Area.Kind.DISTRICT, None)
            for s_slug, s_name, communities in streets:
                street = get(f"{d_slug}-{s_slug}", s_name, Area.Kind.STREET, district)
                for c_slug, c_name, grids in communities:
                    community = get(f"{street.slug}-{c_slug}", c_name, Area.Kind.COMMUNITY, street)
                    for n in range(1, grids + 1):
                        get(f"{community.slug}-{n}", data.GRID_NAMES[n - 1], Area.Kind.GRID, community)
        return existing

    def seed_sections(self, home):
        result = {}
        existing = {s.slug: s for s in SectionPage.objects.child_of(home)}
        for slug, title, intro, on_home in data.SECTIONS:
            if slug not in existing:
                section = SectionPage(title=title, slug=slug, intro=intro, show_in_home_page=on_home)
                home.add_child(instance=section)
                section.save_revision(log_action=False).publish(log_action=False)
                existing[slug] = section
                self.created += 1
            result[slug] = existing[slug]
        return result

    def seed_users(self):
        from allauth.account.models import EmailAddress

        User = get_user_model()
        users = {}
        for username, email, role, _label in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, email=email, is_staff=role == "superuser",
                            is_superuser=role == "superuser")
                user.set_password(DEMO_PASSWORD)
                user.save()
                self.created += 1
                if role and role.startswith("dept:"):
                    dept = Department.objects.get(slug=role.removeprefix("dept:"))
                    user.groups.add(ensure_department_group(dept))
                elif role and role != "superuser":
                    user.groups.add(Group.objects.get_or_create(name=role)[0])
                EmailAddress.objects.get_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
            users[username] = user
        return users

    # --- Media -----------------------------------------------------------------------------------

    def seed_images(self):
        Image = get_image_model()
        images = {}
        existing = {i.title: i for i in Image.objects.filter(title__startswith="示意图：")}
        for slug, name, _dept, _description in data.TOPICS:
            title = f"示意图：{name}"
            if title not in existing:
                buffer = draw_hero(slug, data.MATERIAL[slug]["colour"])
                existing[title] = Image.objects.create(
                    title=title, description=f"{name}主题示意插图：几何色块构成的抽象画面",
                    file=ImageFile(buffer, name=f"demo-{slug}.jpg"),
                )
                self.created += 1
            images[slug] = existing[title]
        return images

    def policy_document(self, spec, department):
        Document = get_document_model()
        title = f"{spec['policy_title']}（{spec['number']}）"
        document = Document.objects.filter(title=title).first()
        if document is None:
            text = policy_text(spec, department)
            document = Document.objects.create(
                title=title, file=ContentFile(text.encode("utf-8"), name=f"{spec['slug']}.txt")
            )
            self.created += 1
        return document

    # --- Stories ---------------------------------------------------------------------------------

    def published_at(self, index, count):
        """Spread ``count`` stories over the last SPREAD_DAYS days, newest first, at office hours."""
        days = (index * SPREAD_DAYS) // max(count, 1)
        moment = self.now - datetime.timedelta(days=days)
        moment = moment.replace(hour=1 + (index * 3) % 9, minute=(index * 17) % 60, second=0, microsecond=0)
        # Early in the day the office hour may still lie ahead: never publish in the future.
        return moment if moment <= self.now else moment - datetime.timedelta(days=1)

    def publish(self, page, author, publisher, when):
        revision = page.save_revision(user=author, log_action=False, clean=False)
        revision.publish(user=publisher, log_action=False)
        Page.objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when, latest_revision_created_at=when
        )
        Revision.objects.filter(pk=revision.pk).update(created_at=when)
        self.created += 1

    def seed_articles(self, sections, topics, departments, areas, images, users):
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
                self.publish(page, users["editor"], users["chief"], self.published_at(index, count))
            articles.append(page)
        return articles

    def seed_policies(self, sections, topics, departments, areas, articles, users):
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
            page.documents = [PolicyDocument(document=self.policy_document(spec, department), title="政策原文")]
            page.related_articles = [PolicyRelatedArticle(article=a) for a in by_topic.get(spec["topic"], [])[:2]]
            self.publish(page, users["editor"], users["chief"], self.published_at(index * 3 + 1, count * 3))

    def seed_lead_stories(self, home, articles):
        if home.lead_stories.exists():
            return
        news = [a for spec, a in zip(data.ARTICLES, articles) if spec[0] == "news"][:3]
        for order, article in enumerate(news):
            HomePageLeadStory.objects.create(page=home, story=article, sort_order=order)
            self.created += 1

    # --- Output ----------------------------------------------------------------------------------

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        self.stdout.write("  Staff log in at /admin/ with the username; residents at /accounts/login/ with the email.")
        for username, email, _role, label in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {email:<30} {label}")


POLICY_FIELDS = ("topic", "department", "slug", "title", "policy_title", "number", "issued", "effective",
                 "summary", "points", "qa")
BYLINES = ["记者 王晓", "记者 陈静 通讯员 李明", "记者 赵磊", "本网记者 孙悦", "记者 周涛", "通讯员 吴芳"]


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


def policy_text(spec, department):
    """The 'original document' of a policy explainer: a plain-text rendition of the policy."""
    lines = [spec["policy_title"], spec["number"], "", f"发文机关：{department.name}",
             f"成文日期：{spec['issued']}    施行日期：{spec['effective']}", ""]
    numerals = "一二三四五六七八九十"
    for n, point in enumerate(spec["points"]):
        lines.append(f"{numerals[n]}、{point}。")
    lines += ["", "本文件自施行之日起实施，由发文机关负责解释。", "", "（演示数据，非真实文件）"]
    return "\n".join(lines) + "\n"


def draw_hero(slug, colours, size=(1200, 675)):
    """A simple, distinct composition per topic: a coloured field, circles, bars and the topic slug."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    background, accent = colours
    rng = random.Random(slug)
    canvas = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(canvas)
    width, height = size
    for _ in range(6):
        r = rng.randint(40, 180)
        x, y = rng.randint(0, width), rng.randint(0, height)
        shade = tuple(min(255, c + rng.randint(10, 50)) for c in background)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=shade)
    for n in range(5):
        bar = rng.randint(120, 420)
        x = 80 + n * 90
        draw.rectangle([x, height - 80 - bar, x + 56, height - 80], fill=accent)
    draw.rectangle([0, height - 80, width, height], fill=(255, 255, 255))
    try:
        font = ImageFont.load_default(size=44)
    except TypeError:  # Pillow without FreeType
        font = ImageFont.load_default()
    draw.text((width - 60, height - 40), f"GONGZHI / {slug.upper()}", fill=background, font=font, anchor="rm")
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=82, optimize=True)
    buffer.seek(0)
    return buffer


class _search_indexing_paused:
    """Switch off automatic index updates (``AUTO_UPDATE: False`` on every search backend, which
    modelsearch reads at each save): one index write per save is slow. ``update_index``
    rebuilds the index once at the end."""

    def __enter__(self):
        import copy

        from django.test.utils import override_settings

        backends = copy.deepcopy(getattr(settings, "WAGTAILSEARCH_BACKENDS", {}))
        for params in backends.values():
            params["AUTO_UPDATE"] = False
        self.override = override_settings(WAGTAILSEARCH_BACKENDS=backends)
        self.override.enable()
        return self

    def __exit__(self, *exc):
        self.override.disable()
        return False
