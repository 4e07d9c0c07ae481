"""Shared fixtures: the site tree (home + sections), vocabulary, and users for each role."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Page, Site

from content.roles import CHIEF_EDITORS, EDITORS, MODERATORS, SUPERVISORS
from tests.comments.factories import make_resident
from content.site import hostname_and_port
from tests.factories import (
    AreaFactory,
    ArticlePageFactory,
    DepartmentFactory,
    HomePageFactory,
    PolicyPageFactory,
    SectionPageFactory,
    TopicFactory,
    UserFactory,
)
from tests.template_db import (  # noqa: F401 - pytest finds hooks and fixtures by name here
    django_db_setup,
    pytest_configure_node,
    pytest_sessionfinish,
    pytest_sessionstart,
)


@pytest.fixture(autouse=True)
def chinese_by_default():
    """Every test starts in the site's default language.

    The test client's LocaleMiddleware activates a language in the test's own thread and
    nothing deactivates it, so without this a test after an /en/ request would build English
    URLs (page.url) and see English text, depending on test order.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def home(db):
    """A HomePage as the default site's root (replacing Wagtail's welcome page)."""
    root = Page.get_first_root_node()
    if root is None:  # after a transactional test's flush, Wagtail's root page (and locale) are gone too
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import Locale

        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:  # content/migrations/0003 made them all
            Locale.objects.get_or_create(language_code=code)
        root = Page.add_root(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
    Page.objects.filter(depth=2).delete()  # Wagtail's welcome page, and the default Site with it
    root.refresh_from_db()
    home = HomePageFactory(parent=root, title="共治", slug="home")
    hostname, port = hostname_and_port()  # the public address, SITE_URL
    Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="共治")
    return home


@pytest.fixture
def news_section(home):
    return SectionPageFactory(parent=home, title="时政要闻", slug="news")


@pytest.fixture
def policy_section(home):
    return SectionPageFactory(parent=home, title="政策解读", slug="policies")


@pytest.fixture
def clear_rate_limits():
    """Rate-limit counters live in the cache: the test starts with none and leaves none behind.
    Not autouse: a module or conftest opts in (usefixtures, or an autouse fixture that requests it)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(news_section):
    return ArticlePageFactory(parent=news_section, title="社区停车难问题有了新办法", slug="parking")


@pytest.fixture
def policy(policy_section, department):
    return PolicyPageFactory(parent=policy_section, title="垃圾分类政策解读", slug="waste", issuing_department=department)


@pytest.fixture
def department(db):
    return DepartmentFactory(name="城市管理局", slug="chengguan")


@pytest.fixture
def other_department(db):
    return DepartmentFactory(name="生态环境局", slug="huanjing")


@pytest.fixture
def topic(department):
    return TopicFactory(name="停车", slug="parking", default_department=department)


@pytest.fixture
def grid(db):
    return AreaFactory.grid()


def _member_of(group_name, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return _member_of(EDITORS, username="editor")


@pytest.fixture
def chief_editor(db):
    return _member_of(CHIEF_EDITORS, username="chief")


@pytest.fixture
def moderator(db):
    return _member_of(MODERATORS, username="moderator")


@pytest.fixture
def supervisor(db):
    return _member_of(SUPERVISORS, username="supervisor")


@pytest.fixture
def department_staff(department):
    return _member_of(department.staff_group_name, username="staff")


@pytest.fixture
def other_department_staff(other_department):
    return _member_of(other_department.staff_group_name, username="otherstaff")


@pytest.fixture
def resident(db):
    return UserFactory(username="resident", email="resident@example.com")


@pytest.fixture
def alice(db):
    """A resident with a public name (王阿姨): commenting, voting, giving opinions."""
    return make_resident("alice", display_name="王阿姨")


@pytest.fixture
def bob(db):
    """A second resident (李师傅): what is Alice's must not be his."""
    return make_resident("bob", display_name="李师傅")


@pytest.fixture(autouse=True)
def _fresh_content_types(request):
    """A transactional test's flush recreates content types under new ids (post_migrate); drop the
    process's cached ones so the next test does not write a stale id (e.g. into Wagtail's reference index)."""
    yield
    if "transactional_db" in request.fixturenames or getattr(
            request.node.get_closest_marker("django_db"), "kwargs", {}).get("transaction"):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _fresh_search_index(request):
    """Tests that use the database start with an empty search index: documents of rows from
    earlier (rolled-back) tests would otherwise linger in the Whoosh index (search/README.md)."""
    if {"db", "transactional_db", "django_db_setup"} & set(request.fixturenames) or request.node.get_closest_marker(
        "django_db"
    ):
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        if hasattr(backend, "store") and not _index_untouched(backend.store):  # Whoosh (not a cluster)
            backend.reset_indexes()
            _EMPTY_GENERATION[backend.store.path] = backend.store.current()
    yield


#: The generation each index store was last reset to (empty until a writer commits).
_EMPTY_GENERATION = {}


def _index_untouched(store):
    """True while the live generation is still the empty one this fixture made: no rebuild swapped
    it and no writer committed to it (a commit, even an empty one, moves Whoosh's TOC generation
    past 0). Most tests never write to the index, and a reset costs a new generation on disk."""
    gen = store.current()
    return (gen == _EMPTY_GENERATION.get(store.path) and not (store.path / "BUILDING").exists()
            and store.open(gen).latest_generation() == 0)


@pytest.fixture(autouse=True)
def fresh_page_data():
    """What an earlier test's pages kept (content/page_data.py: comment threads, hero, demands) was
    read from rows that test rolled back or flushed; the next test's page at the same path reads its own.
    The test settings' cache is per process (no REDIS_URL), so this clears no other worker's."""
    if "locmem" in settings.CACHES["default"]["BACKEND"]:
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def fresh_sitewide_cache():
    """Each test's site, settings and sections are its own: the cached ones of an earlier test
    (rolled back without a signal) are forgotten."""
    from content import sitewide

    sitewide.forget()
    yield
