"""Position statements (立场声明): a verified organisation states its position on a policy or a consultation;
a moderator approves it; it is listed on the page under the organisation's name and on the organisation's page.
A suspended or expired organisation, a closed consultation, a second statement, too many posts or a forged form
are refused and nothing is created."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from engagement.comments import services as comments
from engagement.consultations.models import PositionStatement
from engagement.residents import organisations
from tests.comments.factories import site_settings
from tests.consultations.conftest import make_consultation
from tests.factories import ArticlePageFactory
from tests.residents.organisations import NAME, expire, make_organisation

pytestmark = pytest.mark.django_db

TEXT = "我中心支持垃圾分类新规，建议在老旧小区增设分类指导员。"


@pytest.fixture
def organisation(moderator):
    return make_organisation(moderator)


@pytest.fixture
def org_client(client, organisation):
    client.force_login(organisation[0])
    return client


def state(page, client, text=TEXT):
    return client.post(reverse("consultations:statement", args=[page.pk]), {"statement": text})


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def approve_all(moderator):
    for statement in PositionStatement.objects.select_related("comment"):
        comments.approve(statement.comment, by=moderator)


def test_a_statement_on_a_policy_waits_for_a_moderator_then_is_listed_under_the_organisation(
        org_client, organisation, policy, moderator):
    account, _record = organisation
    assert "statement-text" in org_client.get(policy.url).content.decode()  # the form, for an organisation in force

    response = state(policy, org_client)

    assert response.status_code == 302 and any("审核" in m for m in messages_of(response))
    assert TEXT not in Client().get(policy.url).content.decode()
    queue = Client()
    queue.force_login(moderator)
    assert "社会组织立场声明" in queue.get(reverse("comment_moderation:queue")).content.decode()  # held by that rule
    approve_all(moderator)
    html = Client().get(policy.url).content.decode()
    assert TEXT in html and NAME in html and f'href="/organisations/{account.pk}/"' in html
    assert html.count(TEXT) == 1  # listed as a statement, not again in the comment threads
    public = Client().get(f"/organisations/{account.pk}/").content.decode()
    assert public.count(TEXT) == 1 and policy.title in public


def test_a_statement_on_a_consultation_is_listed_there_and_in_english(org_client, policy_section, department,
                                                                      moderator):
    consultation = make_consultation(policy_section, department)

    state(consultation, org_client)
    approve_all(moderator)

    assert TEXT in Client().get(consultation.url).content.decode()
    english = Client().get("/en" + consultation.url).content.decode()
    assert "Position statements of social organisations" in english and TEXT in english


@pytest.mark.parametrize("how, message", [("suspended", "暂停"), ("expired", "到期")])
def test_a_suspended_or_expired_organisation_is_refused_and_nothing_is_created(org_client, organisation, policy,
                                                                              moderator, how, message):
    _account, record = organisation
    if how == "suspended":
        organisations.suspend(record, reason="年检未通过", by=moderator)
    else:
        expire(record)

    response = state(policy, org_client)

    assert any(message in m for m in messages_of(response))
    assert not PositionStatement.objects.exists() and not XtdComment.objects.exists()
    assert "statement-text" not in org_client.get(policy.url).content.decode()


def test_a_resident_a_closed_consultation_and_an_article_are_refused(client, alice, org_client, policy_section,
                                                                     department, news_section):
    closed = make_consultation(policy_section, department, slug="closed", opens=-20, closes=-1)
    article = ArticlePageFactory(parent=news_section, slug="story")

    assert any("截止" in m or "结束" in m or "不再" in m for m in messages_of(state(closed, org_client)))
    assert state(article, org_client).status_code == 404
    resident = Client()
    resident.force_login(alice)
    assert any("认证" in m for m in messages_of(state(closed, resident)))
    assert not PositionStatement.objects.exists() and not XtdComment.objects.exists()


def test_one_statement_per_organisation_and_page_while_it_stands(org_client, policy):
    state(policy, org_client)

    response = state(policy, org_client, "第二份声明")

    assert any("已" in m for m in messages_of(response))
    assert PositionStatement.objects.count() == 1
    assert "statement-text" not in org_client.get(policy.url).content.decode()


def test_statements_are_rate_limited_like_comments(org_client, policy, policy_section, department, clear_rate_limits):
    settings_obj = site_settings()
    settings_obj.rate_limit_count = 1
    settings_obj.save()
    state(policy, org_client)
    consultation = make_consultation(policy_section, department)

    response = state(consultation, org_client)

    assert response.status_code == 429 and PositionStatement.objects.count() == 1


def test_a_statement_without_the_csrf_token_is_refused(organisation, policy):
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(organisation[0])

    assert state(policy, forged).status_code == 403 and not PositionStatement.objects.exists()


def test_a_statement_of_a_suspended_organisation_stays_listed_without_the_badge(org_client, organisation, policy,
                                                                               moderator):
    state(policy, org_client)
    approve_all(moderator)
    organisations.suspend(organisation[1], reason="年检未通过", by=moderator)

    html = Client().get(policy.url).content.decode()

    assert TEXT in html and "statement__badge" not in html


@override_settings(GONGZHI_PAGE_CACHE=True)
def test_approving_a_statement_purges_the_cached_policy_page(org_client, policy, moderator,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        state(policy, org_client)
    assert TEXT not in Client().get(policy.url).content.decode()  # cached for every anonymous reader

    with django_capture_on_commit_callbacks(execute=True):
        approve_all(moderator)

    assert TEXT in Client().get(policy.url).content.decode()


@pytest.mark.parametrize("how", ["suspended", "expired"])
def test_a_waiting_statement_of_an_organisation_no_longer_in_force_cannot_be_approved(
        org_client, organisation, policy, moderator, how):
    state(policy, org_client)
    if how == "suspended":
        organisations.suspend(organisation[1], reason="年检未通过", by=moderator)
    else:
        expire(organisation[1])
    statement = PositionStatement.objects.select_related("comment").get()
    queue = Client()
    queue.force_login(moderator)

    response = queue.post(reverse("comment_moderation:approve", args=[statement.comment.pk]),
                          {"expected": "pending"}, follow=True)

    assert any(NAME in m and "不能发布" in m for m in messages_of(response))
    assert TEXT not in Client().get(policy.url).content.decode()
    statement.comment.refresh_from_db()
    assert not statement.comment.is_public
