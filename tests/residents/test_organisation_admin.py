"""The moderators' screen for organisation verifications: list, verify, suspend, reinstate, withdraw — each
permission-checked (Moderators and Supervisors act, Chief editors look), with a reason, audited, bad input
refused with a message and nothing changed."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from engagement.residents import organisations
from engagement.residents.models import OrganisationVerification
from tests.comments.factories import comment, make_resident
from tests.residents.organisations import NAME, make_organisation

pytestmark = pytest.mark.django_db

INDEX = "/admin/organisations/"
VERIFY = "/admin/organisations/verify/"


@pytest.fixture(autouse=True)
def _clear_rate_limits(clear_rate_limits):
    pass


def change_url(record, action):
    return reverse("organisations_admin:change", args=[record.pk, action])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def form(who, **overrides):
    data = {"account": who.username, "name": "幸福里人民调解委员会", "kind": "mediation",
            "registration_number": "53110101MJ0000002Y",
            "valid_until": (timezone.localdate() + datetime.timedelta(days=200)).isoformat()}
    return {**data, **overrides}


def test_a_moderator_sees_every_record_with_its_state_and_who_verified_it(client, moderator):
    _account, record = make_organisation(moderator)
    client.force_login(moderator)

    html = client.get(INDEX).content.decode()

    for shown in (NAME, "公益组织", "52110101MJ0000001X", "已认证", f"{record.valid_until:%Y-%m-%d}", "moderator"):
        assert shown in html, shown
    assert change_url(record, "suspend") in html and change_url(record, "reinstate") not in html


def test_a_moderator_verifies_an_account_through_the_form_and_it_is_audited(client, moderator):
    account = make_resident("tiaojie")
    client.force_login(moderator)

    response = client.post(VERIFY, form(account))

    record = OrganisationVerification.objects.get(user=account)
    assert (record.name, record.verified_by, record.in_force()) == ("幸福里人民调解委员会", moderator, True)
    assert response.status_code == 302 and any("幸福里人民调解委员会" in m for m in messages_of(response))
    assert ModelLogEntry.objects.filter(action="gongzhi.organisations.verify", user=moderator).exists()


@pytest.mark.parametrize("bad, message", [
    ({"valid_until": "2020-01-01"}, "晚于今天"),
    ({"account": "nobody"}, "没有"),
    ({"kind": "party"}, ""),
])
def test_bad_input_is_refused_with_a_message_and_nothing_is_verified(client, moderator, bad, message):
    account = make_resident("tiaojie")
    client.force_login(moderator)

    response = client.post(VERIFY, form(account, **bad))

    assert response.status_code == 400 and message in response.content.decode()
    assert not OrganisationVerification.objects.exists()


def test_a_registration_number_already_verified_for_another_account_is_refused(client, moderator):
    make_organisation(moderator)
    account = make_resident("other")
    client.force_login(moderator)

    response = client.post(VERIFY, form(account, registration_number="52110101mj0000001x"))

    assert response.status_code == 400 and "52110101MJ0000001X" in "".join(messages_of(response))
    assert not OrganisationVerification.objects.filter(user=account).exists()


def test_suspend_reinstate_and_withdraw_each_need_a_reason_and_are_audited(client, moderator):
    _account, record = make_organisation(moderator)
    client.force_login(moderator)

    refused = client.post(change_url(record, "suspend"), {"reason": " "})
    assert OrganisationVerification.objects.get().status == "active" and messages_of(refused)
    client.post(change_url(record, "suspend"), {"reason": "年检未通过"})
    assert OrganisationVerification.objects.get().status_reason == "年检未通过"
    client.post(change_url(record, "reinstate"), {"reason": "已补交年报"})
    assert OrganisationVerification.objects.get().status == "active"
    client.post(change_url(record, "withdraw"), {"reason": "违规募捐"})

    assert OrganisationVerification.objects.get().status == "withdrawn"
    assert set(ModelLogEntry.objects.filter(user=moderator).values_list("action", flat=True)) >= {
        "gongzhi.organisations.suspend", "gongzhi.organisations.reinstate", "gongzhi.organisations.withdraw"}


def test_suspending_a_withdrawn_organisation_is_refused_and_nothing_changes(client, moderator):
    _account, record = make_organisation(moderator)
    organisations.withdraw(record, reason="违规募捐", by=moderator)
    client.force_login(moderator)

    response = client.post(change_url(record, "suspend"), {"reason": "年检未通过"})

    assert any("撤销" in m for m in messages_of(response))
    assert OrganisationVerification.objects.get().status_reason == "违规募捐"
    assert change_url(record, "suspend") not in client.get(INDEX).content.decode()


def test_a_supervisor_may_suspend(client, moderator, supervisor):
    _account, record = make_organisation(moderator)
    client.force_login(supervisor)

    client.post(change_url(record, "suspend"), {"reason": "群众举报，暂停核查"})

    assert OrganisationVerification.objects.get().status == "suspended"


def test_a_chief_editor_looks_but_cannot_act(client, moderator, chief_editor):
    _account, record = make_organisation(moderator)
    client.force_login(chief_editor)

    html = client.get(INDEX).content.decode()
    response = client.post(change_url(record, "suspend"), {"reason": "年检未通过"})

    assert NAME in html and change_url(record, "suspend") not in html
    assert response.status_code == 302 and OrganisationVerification.objects.get().status == "active"
    assert client.get(VERIFY).status_code == 302


@pytest.mark.parametrize("role", ["editor", "department_staff", "resident"])
def test_nobody_else_opens_the_screen_or_verifies(client, request, moderator, role):
    user = request.getfixturevalue(role)
    account = make_resident("tiaojie")
    client.force_login(user)

    assert client.get(INDEX).status_code == 302
    client.post(VERIFY, form(account))
    assert not OrganisationVerification.objects.exists()
    with pytest.raises(organisations.OrganisationRefused):
        organisations.verify(account, name="幸福里人民调解委员会", kind="mediation", registration_number="53110101MJ0000002Y",
                             valid_until=timezone.localdate() + datetime.timedelta(days=9), by=user)


def test_the_comment_queue_links_an_author_to_their_verification(client, moderator, article, alice):
    comment(article, alice, "我们社工站可以提供帮助。")
    client.force_login(moderator)

    html = client.get(reverse("comment_moderation:queue") + "?tab=approved").content.decode()

    assert f"{VERIFY}?user={alice.pk}" in html
    assert 'value="alice"' in client.get(f"{VERIFY}?user={alice.pk}").content.decode()
