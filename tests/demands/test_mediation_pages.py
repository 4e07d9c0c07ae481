"""交办, the organisation's side: its work list, its public answer under its name, the resident's rating, the
refusals, and what it may not see (contact details)."""

import pytest
from django.urls import reverse

from engagement.demands import permissions as perms
from engagement.demands.models import DemandAnswer, DemandRating
from engagement.residents import organisations
from tests.page_privacy import messages_of

from .factories import CONTACT, make_demand
from .mediation import verified_organisation

pytestmark = pytest.mark.django_db

REASON = "邻里之间的噪声纠纷，适合人民调解"
ANSWER = "经调解，双方约定晚十点后不再使用音响，楼长负责回访。"


@pytest.fixture(autouse=True)
def _clear_rate_limits(clear_rate_limits):
    pass


@pytest.fixture
def mediator(moderator):
    return verified_organisation(moderator)


@pytest.fixture
def handed(accepted, department_staff, mediator):
    _account, record = mediator
    return accepted.hand_over(to=record, by=department_staff, reason=REASON)


def _answer(client, account, demand, text=ANSWER):
    client.force_login(account)
    return client.post(reverse("demands:answer_handed", args=[demand.tracking_number]), {"text": text})


def test_the_work_list_shows_the_demands_handed_to_the_organisation(client, handed, mediator, topic, grid,
                                                                     moderator, department, department_staff):
    account, _record = mediator
    other_account, other = verified_organisation(moderator, username="dongcheng", name="东城调解中心")
    elsewhere = make_demand(topic, area=grid, title="别处的纠纷").forward(to=department, by=moderator)
    elsewhere.accept(by=department_staff)
    elsewhere.hand_over(to=other, by=department_staff, reason=REASON)
    client.force_login(account)

    page = client.get(reverse("demands:handled")).content.decode()

    assert handed.title in page and "别处的纠纷" not in page
    assert "城市管理局" in page and 'data-next-due="' in page
    assert reverse("demands:handled") in client.get(reverse("resident_profile")).content.decode()


def test_the_work_list_is_refused_to_a_resident_and_to_a_suspended_organisation(client, resident, handed,
                                                                                 mediator, moderator):
    account, record = mediator
    client.force_login(resident)
    assert client.get(reverse("demands:handled")).status_code == 403
    organisations.suspend(record, reason="年检未通过", by=moderator)
    client.force_login(account)
    response = client.get(reverse("demands:handled"))
    assert response.status_code == 403 and handed.title not in response.content.decode()


def test_the_organisation_answers_in_public_under_its_name_and_the_resident_rates_it(client, handed, mediator,
                                                                                     resident):
    account, record = mediator
    page = client.get(handed.get_absolute_url())
    assert "以承办组织名义答复" not in page.content.decode()
    client.force_login(account)
    assert "以承办组织名义答复" in client.get(handed.get_absolute_url()).content.decode()

    response = _answer(client, account, handed)

    handed.refresh_from_db()
    answer = DemandAnswer.objects.get(demand=handed)
    assert handed.status == "answered" and answer.organisation == record and answer.department == handed.department
    assert any("贵组织名义" in m for m in messages_of(response))
    client.logout()
    page = client.get(handed.get_absolute_url()).content.decode()
    assert ANSWER in page and f'href="/organisations/{account.pk}/" data-answered-by-organisation' in page
    assert "受城市管理局交办答复" in page and REASON in page  # the timeline says who and why

    client.force_login(resident)
    client.post(reverse("demands:rate", args=[handed.tracking_number]), {"satisfaction": "satisfied",
                                                                         "resolved": "yes"})
    handed.refresh_from_db()
    assert handed.status == "closed" and DemandRating.objects.get(demand=handed).satisfaction == "satisfied"


def test_an_organisation_answering_a_demand_not_handed_to_it_is_refused(client, accepted, handed, mediator,
                                                                       moderator, topic, grid, department,
                                                                       department_staff):
    other_account, _other = verified_organisation(moderator, username="dongcheng", name="东城调解中心")
    response = _answer(client, other_account, handed)
    assert any("没有交办给贵组织" in m for m in messages_of(response))

    own = make_demand(topic, area=grid, title="未交办的诉求").forward(to=department, by=moderator)
    own.accept(by=department_staff)
    account, _record = verified_organisation(moderator, username="xicheng", name="西城调解中心")
    response = _answer(client, account, own)
    assert any("没有交办" in m for m in messages_of(response))
    assert not DemandAnswer.objects.exists()
    assert not perms.can(other_account, "answer_handed", handed)


def test_answering_twice_is_refused(client, handed, mediator):
    account, _record = mediator
    _answer(client, account, handed)

    response = _answer(client, account, handed, text="第二次答复")

    assert messages_of(response) and any("已答复" in m or "已被处理" in m for m in messages_of(response))
    assert list(DemandAnswer.objects.values_list("text", flat=True)) == [ANSWER]


def test_an_organisation_suspended_after_the_hand_over_cannot_answer(client, handed, mediator, moderator):
    account, record = mediator
    organisations.suspend(record, reason="年检未通过", by=moderator)

    response = _answer(client, account, handed)

    assert any("暂停" in m for m in messages_of(response)) and not DemandAnswer.objects.exists()


def test_an_empty_answer_is_refused(client, handed, mediator):
    account, _record = mediator
    response = _answer(client, account, handed, text="   ")
    assert messages_of(response) and not DemandAnswer.objects.exists()


def test_the_organisation_never_sees_the_residents_contact_details(client, handed, mediator):
    account, _record = mediator
    assert not perms.can(account, "view_contact", handed)
    client.force_login(account)
    pages = [client.get(handed.get_absolute_url()).content.decode(),
             client.get(reverse("demands:handled")).content.decode()]
    for value in CONTACT.values():
        assert all(value not in page for page in pages)
    admin = client.get(reverse("demands_admin:workspace_detail", args=[handed.pk]))
    assert admin.status_code in (302, 403)  # no admin access at all


def test_the_pages_read_in_english_too(client, handed, mediator):
    account, _record = mediator
    client.force_login(account)
    page = client.get("/en" + reverse("demands:handled")).content.decode()
    assert "Demands handed to your organisation" in page and handed.tracking_number in page


def test_the_handling_organisation_neither_supports_nor_co_signs_the_demand_it_answers(client, handed, mediator):
    account, _record = mediator
    client.force_login(account)

    page = client.get(handed.get_absolute_url()).content.decode()
    client.post(reverse("demands:cosign", args=[handed.tracking_number]))
    client.post(reverse("demands:support", args=[handed.tracking_number]))

    assert reverse("demands:support", args=[handed.tracking_number]) not in page
    assert reverse("demands:cosign", args=[handed.tracking_number]) not in page
    assert not handed.cosigns.exists() and not handed.supports.exists()
