import pytest
from wagtail.search.backends import get_search_backend


@pytest.fixture
def backend():
    return get_search_backend()


@pytest.fixture(autouse=True)
def fresh_index(db, backend):
    """Every test starts from an empty index (a new generation, swapped in atomically)."""
    backend.reset_indexes()
    yield
