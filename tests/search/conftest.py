import pytest
from wagtail.search.backends import get_search_backend


@pytest.fixture
def backend():
    return get_search_backend()


@pytest.fixture(autouse=True)
def fresh_index(db):
    """Every search test uses the database, so the root conftest's autouse fixture gives it an
    empty index (a new generation, swapped in atomically)."""
    yield
