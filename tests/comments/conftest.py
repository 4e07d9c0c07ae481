import pytest


@pytest.fixture(autouse=True)
def _clear_rate_limits(clear_rate_limits):
    pass


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture(autouse=True)
def _no_search_indexing(settings):
    """Comments tests don't exercise search: keep page saves independent of the index backend."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
