"""Inputs that were once answered with a 500, each answered now with a 4xx and a message."""

import pytest
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from tests.comments.factories import comment, make_resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_rate_limits")]


@pytest.fixture
def alice_client(client):
    client.force_login(make_resident("alice", display_name="王阿姨"))
    return client


@pytest.mark.parametrize("parent", ["abc", "-1", "0", "1.5", "9" * 30, "1e3", "\x00"])
def test_a_reply_to_a_parent_that_is_not_an_id_is_a_400_with_a_message(alice_client, article, parent):
    response = alice_client.post(reverse("comments:post", args=[article.pk]), {"comment": "够的。", "parent": parent})

    assert response.status_code == 400
    assert "您回复的评论无效。" in response.content.decode()
    assert not XtdComment.objects.exists()


def test_a_reply_to_a_parent_that_does_not_exist_is_still_a_404(alice_client, article):
    response = alice_client.post(reverse("comments:post", args=[article.pk]), {"comment": "够的。", "parent": "99999"})
    assert response.status_code == 404


def test_a_reply_to_a_real_parent_still_works(alice_client, article):
    parent = comment(article, make_resident("bob"), "停车位够吗？")
    response = alice_client.post(reverse("comments:post", args=[article.pk]), {"comment": "够的。", "parent": parent.pk})
    assert response.status_code == 302
    assert XtdComment.objects.exclude(pk=parent.pk).get().parent_id == parent.pk


@pytest.mark.parametrize("query", [
    "offset=99999999999999999999999", "offset=2147483648", "limit=99999999999999999999999",
    "offset=1_000_000_000_000_000_000_000", "locale=%00", "site=%00", "search=%00", "%00=1",
])
def test_api_query_strings_out_of_bounds_are_the_apis_400(client, home, query):
    response = client.get(f"/api/v3/pages/?{query}")

    assert response.status_code == 400, query
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400 and response.json()["detail"]


@pytest.mark.parametrize("query", ["offset=2147483647", "offset=0&limit=20", "offset=abc", "offset=-1"])
def test_api_offsets_in_range_or_malformed_are_left_to_the_api(client, home, query):
    assert client.get(f"/api/v3/pages/?{query}").status_code in (200, 422), query


def test_open311_dates_out_of_range_are_a_geo_report_400(client):
    response = client.get("/open311/v2/requests.json?start_date=0001-01-01")

    assert response.status_code == 400
    assert response.json()[0]["code"] == 400


@pytest.mark.parametrize("forwarded,expected", [
    ("203.0.113.7, 10.0.0.1", "203.0.113.7"), ("2001:db8::1", "2001:db8::1"),
    ("not-an-ip", "127.0.0.1"), ("1.2.3.4\x00", "127.0.0.1"), ("", "127.0.0.1"),
])
def test_a_forwarded_address_that_is_not_an_ip_is_ignored(rf, settings, forwarded, expected):
    from engagement.ratelimit import client_ip

    settings.TRUST_X_FORWARDED_FOR = True
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR=forwarded)) == expected
