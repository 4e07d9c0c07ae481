"""Policy evaluation: residents rate a policy 1–5 with a satisfaction level; the page shows the figures."""

import datetime
from urllib.parse import unquote

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from content.choices import Satisfaction
from engagement.ratings.models import PolicyRating
from engagement.ratings.services import policy_summary, rate_policy, weekly_trend
from engagement.ratings.views import RATING_LIMIT
from tests.factories import ArticlePageFactory, PolicyPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(policy_section, department):
    return PolicyPageFactory(parent=policy_section, title="垃圾分类新规解读", issuing_department=department)


def en_url(page):
    """The English address of a page (page.url follows whatever language is active)."""
    with translation.override("zh-hans"):
        return "/en" + page.url


def rate_url(page):
    return f"/ratings/policy/{page.pk}/"


def test_a_resident_rates_a_policy(client, resident, policy):
    client.force_login(resident)

    response = client.post(rate_url(policy), {"score": 4, "satisfaction": "satisfied", "reason": "分类指引很清楚"})

    assert response.status_code == 302
    assert response["Location"].endswith("#policy-rating")
    rating = PolicyRating.objects.get()
    assert (rating.page_id, rating.user, rating.score, rating.satisfaction, rating.reason) == (
        policy.pk, resident, 4, "satisfied", "分类指引很清楚"
    )


def test_rating_again_changes_the_rating_instead_of_adding_one(client, resident, policy):
    client.force_login(resident)
    client.post(rate_url(policy), {"score": 2, "satisfaction": "dissatisfied"})

    response = client.post("/en" + rate_url(policy), {"score": 5, "satisfaction": "satisfied", "reason": "改进了"}, follow=True)

    assert "Your rating has been updated." in response.content.decode()
    rating = PolicyRating.objects.get()
    assert (rating.score, rating.satisfaction, rating.reason) == (5, "satisfied", "改进了")


def test_the_database_keeps_one_rating_per_account_and_policy(resident, policy):
    PolicyRating.objects.create(page=policy, user=resident, score=3, satisfaction="satisfied")
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyRating.objects.create(page=policy, user=resident, score=1, satisfaction="dissatisfied")


def test_the_database_refuses_a_score_outside_one_to_five(resident, policy):
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyRating.objects.create(page=policy, user=resident, score=6, satisfaction="satisfied")


@pytest.mark.parametrize("data, message", [
    ({"score": 0, "satisfaction": "satisfied"}, "Select a valid choice"),
    ({"score": 6, "satisfaction": "satisfied"}, "Select a valid choice"),
    ({"satisfaction": "satisfied"}, "This field is required"),
    ({"score": 3, "satisfaction": "ecstatic"}, "Select a valid choice"),
    ({"score": 3, "satisfaction": "satisfied", "reason": "长" * 301}, "at most 300 characters"),
])
def test_bad_ratings_are_refused_with_a_message_and_write_nothing(client, resident, policy, data, message):
    client.force_login(resident)

    response = client.post("/en" + rate_url(policy), data, follow=True)

    assert message in response.content.decode()
    assert not PolicyRating.objects.exists()


def test_the_service_refuses_bad_input_too(resident, policy):
    from engagement.ratings.services import RatingRefused

    with pytest.raises(RatingRefused):
        rate_policy(policy, resident, score=9, satisfaction="satisfied")
    with pytest.raises(RatingRefused):
        rate_policy(policy, resident, score=3, satisfaction="x")
    with pytest.raises(RatingRefused):
        rate_policy(policy, resident, score=3, satisfaction="satisfied", reason="字" * 301)
    assert not PolicyRating.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_and_see_a_login_link(client, policy):
    response = client.post(rate_url(policy), {"score": 5, "satisfaction": "satisfied"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert f"next={policy.url}#policy-rating" in unquote(response["Location"])  # back to the policy after login
    assert not PolicyRating.objects.exists()

    html = client.get(en_url(policy)).content.decode()
    assert "Log in to rate this policy" in html
    assert 'name="score"' not in html


def test_only_live_policy_pages_can_be_rated(client, resident, news_section):
    article = ArticlePageFactory(parent=news_section)
    client.force_login(resident)
    assert client.post(rate_url(article), {"score": 5, "satisfaction": "satisfied"}).status_code == 404


def test_the_policy_page_shows_average_distribution_count_and_satisfaction(client, policy):
    for score, satisfaction in [(5, "satisfied"), (4, "satisfied"), (4, "basically_satisfied"), (1, "dissatisfied")]:
        rate_policy(policy, UserFactory(), score=score, satisfaction=satisfaction)

    html = client.get(en_url(policy)).content.decode()

    assert "<strong>3.5</strong> / 5" in html
    assert "4 ratings" in html
    assert "5 stars" in html and "2 (50.0%)" in html and "1 (25.0%)" in html
    assert "Satisfied <strong>50.0%</strong> (2)" in html
    assert "Basically satisfied <strong>25.0%</strong> (1)" in html
    assert "Dissatisfied <strong>25.0%</strong> (1)" in html
    assert "css/ratings.css" in html


def test_the_resident_sees_their_own_rating_filled_in(client, resident, policy):
    rate_policy(policy, resident, score=2, satisfaction="basically_satisfied", reason="执行有难度")
    client.force_login(resident)

    html = client.get(en_url(policy)).content.decode()

    assert "Your rating: 2 / 5" in html
    assert html.count("checked") == 2  # the resident's score and satisfaction
    assert "执行有难度" in html
    assert "Update my rating" in html


def test_articles_get_no_rating_panel(client, news_section):
    article = ArticlePageFactory(parent=news_section)
    assert 'id="policy-rating"' not in client.get(article.url).content.decode()


def test_the_rating_panel_uses_the_same_queries_however_many_ratings(rf, resident, policy, policy_section, department):
    from engagement.ratings.panels import policy_rating_panel

    busy = PolicyPageFactory(parent=policy_section, issuing_department=department)
    for i in range(20):
        rate_policy(busy, UserFactory(), score=1 + i % 5, satisfaction=Satisfaction.values[i % 3])

    def queries(page):
        request = rf.get("/")
        request.user = resident
        with CaptureQueriesContext(connection) as ctx:
            policy_rating_panel(page, request)
        return len(ctx.captured_queries)

    queries(policy)  # warm: whether any page is restricted at all is cached site-wide (content.sitewide)
    # the figures + the resident's own rating (no page is restricted: no ancestors looked up)
    assert queries(policy) == queries(busy) == 2


def test_too_many_ratings_get_http_429(client, resident, policy):
    client.force_login(resident)
    for i in range(RATING_LIMIT.limit):
        assert client.post(rate_url(policy), {"score": 1 + i % 5, "satisfaction": "satisfied"}).status_code == 302

    response = client.post(rate_url(policy), {"score": 3, "satisfaction": "satisfied"})

    assert response.status_code == 429


def test_the_trend_counts_each_week(resident, policy):
    now = timezone.now()
    for weeks_ago, score, satisfaction in [(0, 5, "satisfied"), (0, 3, "dissatisfied"), (2, 4, "basically_satisfied")]:
        rating, _ = rate_policy(policy, UserFactory(), score=score, satisfaction=satisfaction)
        PolicyRating.objects.filter(pk=rating.pk).update(updated_at=now - datetime.timedelta(weeks=weeks_ago))

    weeks = weekly_trend(policy)

    assert [w["count"] for w in weeks] == [1, 2]
    assert weeks[1]["average"] == 4
    assert weeks[1]["satisfied_share"] == 50.0
    assert weeks[0]["satisfied_share"] == 100.0


def test_the_summary_of_an_unrated_policy_is_empty(policy):
    summary = policy_summary(policy)
    assert summary["count"] == 0 and summary["average"] is None


def test_an_editor_sees_the_weekly_trend_report(client, editor, policy):
    rate_policy(policy, UserFactory(), score=4, satisfaction="satisfied")
    client.force_login(editor)

    index = client.get("/admin/policy-ratings/")
    trend = client.get(f"/admin/policy-ratings/{policy.pk}/")

    assert index.status_code == 200 and policy.title in index.content.decode()
    assert trend.status_code == 200
    assert timezone.localdate().strftime("%Y") in trend.content.decode()
    assert "4.00" in trend.content.decode()


def test_moderators_and_residents_do_not_see_the_trend(client, moderator, resident, policy):
    client.force_login(moderator)
    response = client.get("/admin/policy-ratings/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    client.force_login(resident)
    response = client.get(f"/admin/policy-ratings/{policy.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert policy.title not in response.content.decode()


def test_the_profile_panel_lists_the_residents_ratings(rf, resident, policy):
    from engagement.ratings.panels import profile_ratings_panel

    rate_policy(policy, resident, score=5, satisfaction="satisfied")
    request = rf.get("/")
    request.user = resident

    html = profile_ratings_panel(resident, request)

    assert policy.title in html and "5 / 5" in html
