"""NUL characters in the address: a 400 that says why (gongzhi/edge.py), never a database error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/demands/%00/", "/search/?department=%00", "/news/%00/", "/demands/?topic=a%00",
                                 "/en/demands/%00/", "/?q=%00"])
def test_a_nul_in_the_address_is_a_400_that_says_why(client, home, url):
    response = client.get(url)

    assert response.status_code == 400
    body = response.content.decode()
    assert ("NUL 字符" in body) if not url.startswith("/en/") else ("NUL character" in body)


def test_open311_and_the_api_answer_in_their_own_format(client, home):
    assert client.get("/open311/v2/requests.json?status=%00").json()[0]["code"] == 400
    assert client.get("/api/v3/pages/?locale=%00")["Content-Type"] == "application/problem+json"


def test_a_cookie_holding_a_nul_is_dropped_not_refused(client, home):
    client.cookies["sessionid"] = "abc\x00defghijk"
    assert client.get("/").status_code == 200
