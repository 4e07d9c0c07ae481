"""One answer to "is this organisation verified?": the verification record. Its badge goes everywhere at once
when the record is suspended or its valid_until passes — comments, consultation opinions, the profile,
co-signatures, the moderation queue, my data — and nothing else can give it."""

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from engagement.residents import organisations
from tests.comments.factories import comment
from tests.consultations.conftest import make_consultation, opinion
from tests.demands.factories import make_demand
from tests.residents.organisations import NAME, expire, make_organisation

pytestmark = pytest.mark.django_db

BADGE = "认证社会组织"


@pytest.fixture(autouse=True)
def _clear_rate_limits(clear_rate_limits):
    pass


@pytest.fixture
def organisation(moderator):
    return make_organisation(moderator)


def lose_badge(how, record, moderator):
    if how == "suspended":
        organisations.suspend(record, reason="年检未通过", by=moderator)
    elif how == "withdrawn":
        organisations.withdraw(record, reason="违规募捐", by=moderator)
    else:
        expire(record)


LOSSES = ["suspended", "withdrawn", "expired"]


@pytest.mark.parametrize("how", LOSSES)
def test_a_comments_badge_links_to_the_organisation_and_goes_when_it_is_no_longer_in_force(
        client, article, organisation, moderator, how):
    account, record = organisation
    comment(article, account, "我们社工站可以提供帮助。")
    badge_link = f'class="comment__badge" href="/organisations/{account.pk}/"'
    assert badge_link in client.get(article.url).content.decode()

    lose_badge(how, record, moderator)

    html = client.get(article.url).content.decode()
    assert "我们社工站可以提供帮助。" in html and badge_link not in html and BADGE not in html


@pytest.mark.parametrize("how", LOSSES)
def test_an_opinions_badge_goes_on_the_consultation_and_its_report(client, policy_section, department,
                                                                    organisation, moderator, how):
    account, record = organisation
    consultation = make_consultation(policy_section, department)
    opinion(consultation, account, "建议增加志愿者巡查。")
    assert BADGE in client.get(consultation.url).content.decode()

    lose_badge(how, record, moderator)

    html = client.get(consultation.url).content.decode()
    assert "建议增加志愿者巡查。" in html and BADGE not in html


@pytest.mark.parametrize("how", LOSSES)
def test_the_profile_shows_the_badge_only_while_in_force(client, organisation, moderator, how):
    account, record = organisation
    client.force_login(account)
    assert BADGE in client.get(reverse("resident_profile")).content.decode()

    lose_badge(how, record, moderator)

    assert BADGE not in client.get(reverse("resident_profile")).content.decode()


@pytest.mark.parametrize("how", LOSSES)
def test_a_co_signature_is_no_longer_shown_as_a_verified_organisations(client, topic, grid, organisation,
                                                                       moderator, how):
    account, record = organisation
    demand = make_demand(topic, area=grid)
    client.force_login(account)
    client.post(f"/demands/{demand.tracking_number}/cosign/")
    client.logout()
    assert NAME in client.get(demand.get_absolute_url()).content.decode()

    lose_badge(how, record, moderator)

    assert NAME not in client.get(demand.get_absolute_url()).content.decode()


def test_the_moderation_queue_and_my_data_read_the_record(client, article, organisation, moderator):
    account, record = organisation
    comment(article, account, "社工站周末开放。")
    organisations.suspend(record, reason="年检未通过", by=moderator)

    client.force_login(moderator)
    assert BADGE not in client.get(reverse("comment_moderation:queue") + "?tab=approved").content.decode()
    client.force_login(account)
    data = json.loads(client.get(reverse("resident_data_json")).content)
    assert data["account"]["verified_organisation"] is False


def test_the_queues_old_mark_as_verified_button_is_gone(client, article, alice, moderator):
    comment(article, alice, "我们社工站可以提供帮助。")
    client.force_login(moderator)

    html = client.get(reverse("comment_moderation:queue") + "?tab=approved").content.decode()
    response = client.post(f"/admin/comments/moderation/authors/{alice.pk}/verify/", {"verified": "1"})

    assert "标记为认证社会组织" not in html and response.status_code == 404
    Client().get(article.url)
    assert BADGE not in Client().get(article.url).content.decode()


@override_settings(GONGZHI_PAGE_CACHE=True)
def test_suspending_purges_the_cached_pages_that_show_the_badge(article, organisation, moderator,
                                                                django_capture_on_commit_callbacks):
    account, record = organisation
    with django_capture_on_commit_callbacks(execute=True):
        comment(article, account, "我们社工站可以提供帮助。")
    assert BADGE in Client().get(article.url).content.decode()  # now cached for every anonymous reader

    with django_capture_on_commit_callbacks(execute=True):
        organisations.suspend(record, reason="年检未通过", by=moderator)

    assert BADGE not in Client().get(article.url).content.decode()
    assert "年检未通过" in Client().get(f"/organisations/{account.pk}/").content.decode()
