"""`manage.py seed_demo` builds a believable site, is idempotent, and is for demos only."""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site, WorkflowPage

from content.hooks import SEED_DEMO
from content.models import Area, ArticlePage, Department, HomePage, PolicyPage, SectionPage, Topic
from content.roles import CHIEF_EDITORS, EDITORS, MODERATORS, SUPERVISORS, department_of
from content.workflows import WORKFLOW_NAME

HAN = re.compile(r"[\u4e00-\u9fff]")


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", "--force", "--no-index", *args, stdout=out)
    return out.getvalue()


def census():
    User = get_user_model()
    return {
        model.__name__: model.objects.count()
        for model in (Page, Department, Topic, Area, get_image_model(), get_document_model(), User, WorkflowPage)
    } | {"revisions": sum(1 for _ in Page.objects.filter(latest_revision__isnull=False))}


@pytest.fixture
def only_test_hooks(monkeypatch):
    """Other apps' demo data is theirs to test: seed_demo sees only the hooks a test registers."""
    registered = []
    original = hooks.get_hooks

    def get_hooks(name):
        return list(registered) if name == SEED_DEMO else original(name)

    monkeypatch.setattr(hooks, "get_hooks", get_hooks)
    return registered


@pytest.mark.django_db
def test_seed_demo_builds_the_site_and_a_second_run_creates_nothing(only_test_hooks):
    output = seed()

    chinese = Locale.get_default()
    home = HomePage.objects.get(locale=chinese)
    assert Site.objects.get(is_default_site=True).root_page.specific == home
    english_home = home.get_translation(Locale.objects.get(language_code="en"))  # the English edition
    assert not Page.objects.filter(depth=2).exclude(pk__in=[home.pk, english_home.pk]).exists()  # no welcome page

    assert Department.objects.count() >= 8
    assert Topic.objects.count() >= 12
    assert not Topic.objects.filter(default_department__isnull=True).exists()
    grids = Area.objects.filter(kind=Area.Kind.GRID).select_related("parent__parent__parent")
    assert grids.count() >= 20
    assert all(g.parent.kind == "community" and g.parent.parent.parent.kind == "district" for g in grids)

    sections = {s.slug: s for s in SectionPage.objects.child_of(home).live()}
    assert set(sections) == {"news", "policies", "community"}
    articles = ArticlePage.objects.live().filter(locale=chinese)
    policies = PolicyPage.objects.live().filter(locale=chinese)
    assert articles.count() == 40 and policies.count() == 12
    assert 1 <= articles.filter(title__regex=r"^[A-Za-z]").count() <= 6  # a few in English
    dates = sorted(p.first_published_at for p in list(articles) + list(policies))
    assert dates[-1] <= timezone.now()
    assert timezone.now() - dates[0] <= datetime.timedelta(days=91)
    assert dates[-1] - dates[0] >= datetime.timedelta(days=60)

    article = ArticlePage.objects.get(slug="shared-parking-launch", locale=chinese)
    assert article.hero_image is not None and article.hero_image.width == 1200
    assert {b.block_type for b in article.body} >= {"paragraph", "heading", "quote", "key_facts", "table"}
    assert article.topics.exists() and article.departments.exists() and article.area is not None
    assert article.byline and article.latest_revision is not None
    block_types = {b.block_type for a in articles for b in a.body}
    assert {"paragraph", "heading", "quote", "key_facts", "table", "image"} <= block_types

    policy = PolicyPage.objects.get(slug="shared-parking-policy", locale=chinese)
    assert policy.effective_on >= policy.issued_on
    assert len(policy.key_points) >= 3 and len(policy.questions) >= 1
    document = policy.documents.get().document
    assert "东府办〔2026〕12号" in document.file.read().decode("utf-8")
    assert policy.related_articles.exists()
    assert home.lead_stories.count() == 3

    # The English edition (content/seed_english.py): sections and several stories, written in English.
    english = english_home.locale
    english_sections = list(SectionPage.objects.child_of(english_home).live())
    assert {s.slug for s in english_sections} == {"news", "policies", "community"}
    stories = [*ArticlePage.objects.live().filter(locale=english), *PolicyPage.objects.live().filter(locale=english)]
    assert len(stories) >= 8 and any(isinstance(p, PolicyPage) for p in stories)
    assert all(p.get_parent().locale_id == english.pk for p in stories)  # in the English tree
    for page in [english_home, *english_sections, *stories]:
        assert not HAN.search(page.title + getattr(page, "summary", "") + getattr(page, "intro", "")), page.title
    translated = ArticlePage.objects.get(slug="shared-parking-launch", locale=english)
    assert translated.translation_key == article.translation_key
    assert translated.first_published_at == article.first_published_at
    assert not HAN.search(str(translated.body)) and translated.hero_image_id == article.hero_image_id
    assert {lead.story.locale_id for lead in english_home.lead_stories.select_related("story")} == {english.pk}

    User = get_user_model()
    assert User.objects.get(username="editor").groups.filter(name=EDITORS).exists()
    assert User.objects.get(username="chief").groups.filter(name=CHIEF_EDITORS).exists()
    assert User.objects.get(username="moderator").groups.filter(name=MODERATORS).exists()
    assert User.objects.get(username="supervisor").groups.filter(name=SUPERVISORS).exists()
    assert department_of(User.objects.get(username="staff-chengguan")).slug == "chengguan"
    resident = User.objects.get(username="resident")
    assert not resident.groups.exists() and not resident.is_staff
    assert resident.check_password("gongzhi-demo-2026")
    for username in ("admin", "editor", "chief", "moderator", "supervisor", "staff-chengguan", "resident"):
        assert username in output
    assert "gongzhi-demo-2026" in output

    assert {wp.page.slug for wp in WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME)} == {"gongzhi", "gongzhi-en"}  # each home page (Chinese, English): its sections inherit it
    assert all(s.get_workflow().name == WORKFLOW_NAME for s in SectionPage.objects.all())

    before = census()
    again = seed()
    assert census() == before
    assert "0 objects created" in again


@pytest.mark.django_db
def test_seed_demo_calls_the_registered_hooks_in_order_after_the_content(only_test_hooks):
    calls = []

    def first(command):
        calls.append(("first", ArticlePage.objects.filter(locale=Locale.get_default()).count()))
        command.stdout.write("first hook ran")

    def second(command):
        calls.append(("second", PolicyPage.objects.filter(locale=Locale.get_default()).count()))

    only_test_hooks.extend([first, second])
    seed("--no-hooks")
    assert calls == []
    output = seed()
    assert calls == [("first", 40), ("second", 12)]
    assert "first hook ran" in output


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=io.StringIO())
    assert Page.objects.count() == pages
    assert not get_user_model().objects.filter(username="editor").exists()
