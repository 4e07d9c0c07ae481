"""Verified social organisations: the verification record, suspend and withdraw (audited), the public page."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from engagement.residents import organisations
from engagement.residents.models import OrganisationVerification, is_verified_organisation
from tests.consultations.conftest import make_consultation, opinion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits(clear_rate_limits):
    pass


@pytest.fixture
def org_account(db):
    user = UserFactory(username="lvyin")
    user.date_joined = timezone.now() - datetime.timedelta(days=30)
    user.save()
    return user


def verify(account, moderator, days=365):
    return organisations.verify(account, name="东城区绿荫公益服务中心", kind="welfare",
                                registration_number="52110101MJ0000001X",
                                valid_until=timezone.localdate() + datetime.timedelta(days=days), by=moderator)


def test_verifying_records_who_and_until_when_and_gives_the_badge(org_account, moderator):
    record = verify(org_account, moderator)

    assert (record.verified_by, record.status) == (moderator, OrganisationVerification.Status.ACTIVE)
    assert is_verified_organisation(org_account)
    assert ModelLogEntry.objects.filter(action="gongzhi.organisations.verify", user=moderator).exists()


def test_suspending_takes_the_badge_and_refuses_acting_as_an_organisation_with_a_message(org_account, moderator):
    record = verify(org_account, moderator)

    organisations.suspend(record, reason="年检未通过", by=moderator)

    assert not is_verified_organisation(org_account)
    with pytest.raises(organisations.OrganisationRefused, match="暂停"):
        organisations.refuse_unless_acting(org_account)
    assert ModelLogEntry.objects.filter(action="gongzhi.organisations.suspend").count() == 1


def test_a_withdrawn_verification_cannot_be_reinstated_or_verified_again(org_account, moderator):
    record = organisations.withdraw(verify(org_account, moderator), reason="违规募捐", by=moderator)

    with pytest.raises(organisations.OrganisationRefused, match="撤销"):
        organisations.reinstate(record, reason="申诉", by=moderator)
    with pytest.raises(organisations.OrganisationRefused, match="不能再次认证"):
        verify(org_account, moderator)
    assert OrganisationVerification.objects.get().status == "withdrawn"


def test_an_expired_verification_no_longer_acts(org_account, moderator):
    record = verify(org_account, moderator)
    OrganisationVerification.objects.filter(pk=record.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))

    assert organisations.acting_organisation(org_account) is None


def test_a_change_without_a_reason_is_refused(org_account, moderator):
    record = verify(org_account, moderator)
    with pytest.raises(organisations.OrganisationRefused):
        organisations.suspend(record, reason=" ", by=moderator)
    assert OrganisationVerification.objects.get().status == "active"


def test_the_badge_links_to_the_public_page_listing_its_opinions(client, org_account, moderator, policy_section,
                                                                 department):
    verify(org_account, moderator)
    consultation = make_consultation(policy_section, department)
    opinion(consultation, org_account, "建议增加志愿者巡查。")

    page = client.get(consultation.url).content.decode()
    assert f'href="/organisations/{org_account.pk}/"' in page
    public = client.get(f"/organisations/{org_account.pk}/").content.decode()
    assert "东城区绿荫公益服务中心" in public and "建议增加志愿者巡查。" in public and consultation.title in public
    assert org_account.email not in public and moderator.username not in public


def test_a_suspended_organisations_page_says_so_and_an_unknown_one_is_404(client, org_account, moderator):
    organisations.suspend(verify(org_account, moderator), reason="年检未通过", by=moderator)

    assert "年检未通过" in client.get(f"/organisations/{org_account.pk}/").content.decode()
    assert client.get(f"/organisations/{org_account.pk + 999}/").status_code == 404
