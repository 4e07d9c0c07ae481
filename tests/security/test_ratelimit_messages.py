"""The 429's message speaks the site's language (engagement/locale: ratelimit.py belongs to no app)."""

import pytest
from django.utils import translation

from engagement.ratelimit import RateLimit
from tests.polls.factories import PollFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_rate_limits")]


@pytest.mark.parametrize("window,zh,en", [
    (600, "操作过于频繁：10 分钟内最多 5 次，请稍后再试。", "at most 5 in 10 minutes"),
    (60, "操作过于频繁：1 分钟内最多 5 次，请稍后再试。", "at most 5 in 1 minute."),
    (3600, "操作过于频繁：1 小时内最多 5 次，请稍后再试。", "at most 5 in 1 hour."),
    (86400, "操作过于频繁：24 小时内最多 5 次，请稍后再试。", "at most 5 in 24 hours."),
])
def test_the_message_in_both_languages(window, zh, en):
    limit = RateLimit("t", 5, window)
    with translation.override("zh-hans"):
        assert limit.message() == zh
    with translation.override("en"):
        assert en in limit.message()


def test_a_429_page_on_the_chinese_site_is_in_chinese(client, settings, home):
    settings.POLLS_ANONYMOUS_VOTES_PER_IP = 0
    poll = PollFactory(allow_anonymous=True)
    choice = poll.choices.first().pk

    zh = client.post(f"/polls/{poll.pk}/vote/", {"choice": [choice]})
    en = client.post(f"/en/polls/{poll.pk}/vote/", {"choice": [choice]})

    assert zh.status_code == en.status_code == 429
    assert "操作过于频繁：24 小时内最多 0 次" in zh.content.decode()
    assert "Too many attempts: at most 0 in 24 hours." in en.content.decode()


def test_an_open311_429_is_in_chinese(client, monkeypatch, topic):
    from engagement.demands import open311
    from engagement.demands.models import Demand, Open311Client

    monkeypatch.setattr(open311, "POST_LIMIT", RateLimit("open311-test", 0, 3600))
    key = Open311Client.objects.create(name="热线").api_key
    response = client.post("/open311/v2/requests.json", {"api_key": key, "service_code": topic.slug,
                                                         "description": "x", "lat": "1", "long": "1"})
    assert response.status_code == 429
    assert response.json() == [{"code": 429, "description": "操作过于频繁：1 小时内最多 0 次，请稍后再试。"}]
    assert not Demand.objects.exists()
