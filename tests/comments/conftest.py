import pytest
from django.core.cache import cache

from tests.comments.factories import make_resident
from tests.factories import ArticlePageFactory, PolicyPageFactory


@pytest.fixture(autouse=True)
def _clear_rate_limits():
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
def alice(db):
    return make_resident("alice", display_name="王阿姨")


@pytest.fixture
def bob(db):
    return make_resident("bob", display_name="李师傅")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture(autouse=True)
def _no_search_indexing(settings):
    """Comments tests don't exercise search: keep page saves independent of the index backend."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
