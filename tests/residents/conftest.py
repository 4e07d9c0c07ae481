import pytest

from engagement.residents.models import PrivacyNotice

from .rights import PASSWORD


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


@pytest.fixture
def notice(db):
    notice = PrivacyNotice.load()
    notice.body = "<p>共治平台只为处理诉求收集您的联系方式。</p>"
    notice.save()
    return notice


@pytest.fixture
def alice(alice):
    """The root conftest's Alice, with a password (the rights pages ask for it)."""
    alice.set_password(PASSWORD)
    alice.save()
    return alice
