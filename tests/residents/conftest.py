import pytest


@pytest.fixture(autouse=True)
def _no_search_indexing(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}


@pytest.fixture
def alice_resident(db):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(username="alice", email="alice@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
