"""联名: verified organisations co-sign public demands, shown apart from residents' 附议; a suspended one is refused."""

import datetime

import pytest
from django.utils import timezone

from engagement.demands.models import DemandCoSign, DemandSupport
from engagement.residents import organisations
from tests.demands.factories import make_demand
from tests.factories import UserFactory
from tests.page_privacy import messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits(clear_rate_limits):
    pass


@pytest.fixture
def organisation(moderator):
    account = UserFactory(username="tiaojie")
    record = organisations.verify(account, name="幸福里人民调解委员会", kind="mediation",
                                  registration_number="53110101MJ0000002Y",
                                  valid_until=timezone.localdate() + datetime.timedelta(days=300), by=moderator)
    return account, record


def test_a_verified_organisation_co_signs_and_the_demand_shows_it_apart_from_support(client, topic, grid,
                                                                                   organisation, resident):
    account, record = organisation
    demand = make_demand(topic, area=grid)
    client.force_login(resident)
    client.post(f"/demands/{demand.tracking_number}/support/")
    client.force_login(account)

    response = client.post(f"/demands/{demand.tracking_number}/cosign/")

    assert DemandCoSign.objects.get().organisation == record
    assert DemandSupport.objects.count() == 1  # residents' 附议 is counted on its own
    page = client.get(demand.get_absolute_url()).content.decode()
    assert "幸福里人民调解委员会" in page and f"/organisations/{account.pk}/" in page
    assert "联名" in page and response.status_code == 302


def test_a_suspended_organisation_co_signing_is_refused_with_a_message(client, topic, grid, organisation, moderator):
    account, record = organisation
    organisations.suspend(record, reason="年检未通过", by=moderator)
    demand = make_demand(topic, area=grid)
    client.force_login(account)

    response = client.post(f"/demands/{demand.tracking_number}/cosign/")

    assert any("暂停" in m for m in messages_of(response))
    assert not DemandCoSign.objects.exists()
    assert "以组织名义联名" not in client.get(demand.get_absolute_url()).content.decode()


def test_a_resident_without_verification_cannot_co_sign(client, topic, grid, resident):
    demand = make_demand(topic, area=grid)
    client.force_login(resident)

    response = client.post(f"/demands/{demand.tracking_number}/cosign/")

    assert any("只有经过认证的社会组织" in m for m in messages_of(response))
    assert not DemandCoSign.objects.exists()


def test_co_signing_twice_is_refused(client, topic, grid, organisation):
    account, _record = organisation
    demand = make_demand(topic, area=grid)
    client.force_login(account)
    client.post(f"/demands/{demand.tracking_number}/cosign/")

    response = client.post(f"/demands/{demand.tracking_number}/cosign/")

    assert any("已经联名" in m for m in messages_of(response))
    assert DemandCoSign.objects.count() == 1


def test_the_organisations_page_lists_the_public_demands_it_co_signed(client, topic, grid, organisation):
    account, _record = organisation
    shown = make_demand(topic, area=grid, title="幸福里北门消防通道被占")
    private = make_demand(topic, area=grid, title="我家楼上漏水", is_public=False)
    client.force_login(account)
    client.post(f"/demands/{shown.tracking_number}/cosign/")
    client.post(f"/demands/{private.tracking_number}/cosign/")
    client.logout()

    page = client.get(f"/organisations/{account.pk}/").content.decode()

    assert "幸福里北门消防通道被占" in page and shown.get_absolute_url() in page
    assert "我家楼上漏水" not in page
