"""Open311 GeoReport v2, checked against the field lists and examples of the spec's wiki page."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache

from engagement.demands.models import Demand, Open311Client

from .factories import CONTACT, make_demand

pytestmark = pytest.mark.django_db

# GeoReport v2 wiki, "GET Service Requests" response example (fields of one request).
SPEC_REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}
# "GET Service List" response example.
SPEC_SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
# Gongzhi's public record of the handling, beside GeoReport's fields (clients ignore unknown keys).
PUBLIC_RECORD_FIELDS = {
    "forwarded_datetime", "accept_due_datetime", "accepted_datetime", "accepted_on_time",
    "answer_due_datetime", "answered_datetime", "answered_on_time",
}


@pytest.fixture(autouse=True)
def _clear_limits():
    cache.clear()


@pytest.fixture
def api_client(db):
    return Open311Client.objects.create(name="12345 热线")


def test_discovery(client):
    data = client.get("/open311/v2/discovery.json").json()
    assert data["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert ET.fromstring(client.get("/open311/v2/discovery.xml").content).tag == "discovery"


def test_services_are_topics(client, topic):
    rows = client.get("/open311/v2/services.json").json()
    assert set(rows[0]) == SPEC_SERVICE_FIELDS
    assert rows[0]["service_code"] == "parking" and rows[0]["type"] == "realtime"
    root = ET.fromstring(client.get("/open311/v2/services.xml").content)
    assert root.tag == "services" and root.find("service/service_code").text == "parking"
    assert client.get("/open311/v2/services/parking.json").json()["service_code"] == "parking"
    missing = client.get("/open311/v2/services/nope.json")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404


def test_requests_list_maps_status_department_and_answer(client, answered, topic):
    make_demand(topic, is_public=False, title="私密")
    rows = client.get("/open311/v2/requests.json").json()
    assert len(rows) == 1
    row = rows[0]
    assert set(row) == SPEC_REQUEST_FIELDS | PUBLIC_RECORD_FIELDS
    assert row["service_request_id"] == answered.tracking_number
    assert row["expected_datetime"] == row["answer_due_datetime"] is not None
    assert row["answered_on_time"] is True and row["accepted_on_time"] is True
    assert row["status"] == "closed" and row["agency_responsible"] == "城市管理局"
    assert row["status_notes"].startswith("已安排执法队员")
    assert row["service_code"] == "parking"


def test_requests_filters(client, answered, topic):
    open_one = make_demand(topic)
    assert [r["service_request_id"] for r in client.get("/open311/v2/requests.json?status=open").json()] == [
        open_one.tracking_number]
    assert client.get("/open311/v2/requests.json?service_code=other").json() == []
    ids = f"{answered.tracking_number},{open_one.tracking_number}"
    assert len(client.get(f"/open311/v2/requests.json?service_request_id={ids}").json()) == 2
    assert client.get("/open311/v2/requests.json?start_date=2001-01-01T00:00:00Z&end_date=2001-02-01T00:00:00Z"
                      ).json() == []
    bad = client.get("/open311/v2/requests.json?status=maybe")
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400


def test_default_window_is_the_last_90_days(client, topic):
    import datetime

    from django.utils import timezone

    old = make_demand(topic, submitted_at=timezone.now() - datetime.timedelta(days=100))
    assert old.tracking_number not in client.get("/open311/v2/requests.json").content.decode()


def test_single_request_json_and_xml(client, answered, topic):
    row = client.get(f"/open311/v2/requests/{answered.tracking_number}.json").json()
    assert row[0]["service_request_id"] == answered.tracking_number
    root = ET.fromstring(client.get(f"/open311/v2/requests/{answered.tracking_number}.xml").content)
    assert root.tag == "service_requests" and root.find("request/status").text == "closed"
    private = make_demand(topic, is_public=False)
    assert client.get(f"/open311/v2/requests/{private.tracking_number}.json").status_code == 404


def test_post_creates_a_demand_with_an_api_key(client, topic, api_client):
    response = client.post("/open311/v2/requests.json", {
        "api_key": api_client.api_key, "service_code": "parking", "lat": "39.9042", "long": "116.4074",
        "address_string": "幸福里北门", "email": "liu@example.cn", "first_name": "伟", "last_name": "刘",
        "phone": "13611112222", "description": "北门消防通道被占用。",
    })
    assert response.status_code == 200
    number = response.json()[0]["service_request_id"]
    demand = Demand.objects.get(tracking_number=number)
    assert (demand.channel, demand.open311_client, demand.contact.phone) == ("open311", api_client, "13611112222")
    assert "13611112222" not in client.get(f"/open311/v2/requests/{number}.json").content.decode()


@pytest.mark.parametrize("data,code", [
    ({"service_code": "parking", "description": "x", "lat": "1", "long": "2"}, 403),
    ({"api_key": "wrong", "service_code": "parking", "description": "x", "lat": "1", "long": "2"}, 403),
    ({"api_key": "KEY", "description": "x", "lat": "1", "long": "2"}, 400),
    ({"api_key": "KEY", "service_code": "nope", "description": "x", "lat": "1", "long": "2"}, 404),
    ({"api_key": "KEY", "service_code": "parking", "description": "x"}, 400),
    ({"api_key": "KEY", "service_code": "parking", "description": "", "lat": "1", "long": "2"}, 400),
])
def test_post_errors_follow_the_spec(client, topic, api_client, data, code):
    data = {k: (api_client.api_key if v == "KEY" else v) for k, v in data.items()}
    response = client.post("/open311/v2/requests.xml", data)
    assert response.status_code == code
    root = ET.fromstring(response.content)
    assert root.tag == "errors" and root.find("error/code").text == str(code) and root.find("error/description").text
    assert not Demand.objects.exists()


def test_no_contact_details_in_any_response(client, answered):
    for path in ("requests.json", "requests.xml", f"requests/{answered.tracking_number}.json", "services.json"):
        body = client.get(f"/open311/v2/{path}").content.decode()
        for value in CONTACT.values():
            assert value not in body


# --- bad input: a GeoReport error list (400) and nothing saved ----------------------------------------
VALID_POST = {"service_code": "parking", "description": "北门消防通道被占用。", "lat": "39.9", "long": "116.4"}


def _post(client, api_client, fmt="json", **changes):
    data = {"api_key": api_client.api_key, **VALID_POST, **changes}
    return client.post(f"/open311/v2/requests.{fmt}", {k: v for k, v in data.items() if v is not None})


def _refused(response, status=400):
    assert response.status_code == status
    errors = response.json()
    assert errors and all(e["code"] == status and e["description"] for e in errors)
    assert not Demand.objects.exists()
    return " ".join(e["description"] for e in errors)


def test_a_valid_post_is_the_baseline(client, topic, api_client):
    assert _post(client, api_client).status_code == 200
    assert Demand.objects.get().contact.address == "(39.900000, 116.400000)"


@pytest.mark.parametrize("lat,lng", [
    ("nan", "1"), ("1", "inf"), ("-inf", "1"), ("1e309", "1"), ("90.0001", "0"), ("-91", "0"), ("0", "180.5"),
    ("0", "-181"), ("abc", "1"), ("1", ""), ("", "1"),
])
def test_non_finite_or_out_of_range_coordinates_are_refused(client, topic, api_client, lat, lng):
    _refused(_post(client, api_client, lat=lat, long=lng))


@pytest.mark.parametrize("lat,lng", [("90", "180"), ("-90", "-180"), ("0", "0")])
def test_coordinates_at_the_limits_are_accepted(client, topic, api_client, lat, lng):
    assert _post(client, api_client, lat=lat, long=lng).status_code == 200


def test_lengths_come_from_the_models(client, topic, api_client):
    from engagement.demands.models import DemandContact

    def limit(field):
        return DemandContact._meta.get_field(field).max_length

    for field, model_field in [("phone", "phone"), ("first_name", "name"), ("last_name", "name"),
                               ("address_string", "address")]:
        too_long = "一" * (limit(model_field) + 1)
        assert field in _refused(_post(client, api_client, **{field: too_long}))
    description_max = Demand._meta.get_field("description").max_length
    assert "description" in _refused(_post(client, api_client, description="长" * (description_max + 1)))
    email = "a" * (limit("email") - len("@example.cn") + 1) + "@example.cn"
    assert "email" in _refused(_post(client, api_client, email=email))
    # together, the name and the address (with its coordinates) must fit their model fields too
    half = "名" * (limit("name") // 2 + 1)
    _refused(_post(client, api_client, first_name=half, last_name=half))
    _refused(_post(client, api_client, address_string="址" * (limit("address") - 5)))
    # at the limits, accepted
    assert _post(client, api_client, lat=None, long=None, address_string="址" * limit("address"),
                 phone="1" * limit("phone"), last_name="名" * limit("name"),
                 description="长" * description_max).status_code == 200


@pytest.mark.parametrize("email", ["no-at-sign", "a@b", "a@@example.cn", "a@example..cn", "a b@example.cn"])
def test_invalid_emails_are_refused(client, topic, api_client, email):
    assert "email" in _refused(_post(client, api_client, email=email))


@pytest.mark.parametrize("field", ["description", "service_code", "address_string", "email", "first_name",
                                   "phone", "lat", "device_id", "unknown_parameter"])
def test_nul_characters_are_refused_in_any_parameter(client, topic, api_client, field):
    assert field in _refused(_post(client, api_client, **{field: "北门\x00消防"}))


def test_nul_or_overlong_api_key_is_a_403_not_a_database_error(client, topic, api_client):
    for key in (api_client.api_key + "\x00", "k" * 10_000):
        response = client.post("/open311/v2/requests.json", {**VALID_POST, "api_key": key})
        _refused(response, 403)


def test_errors_are_listed_one_per_problem_in_xml_too(client, topic, api_client):
    response = _post(client, api_client, fmt="xml", lat="100", email="x", phone="1" * 99)
    assert response.status_code == 400
    root = ET.fromstring(response.content)
    assert {e.find("code").text for e in root.findall("error")} == {"400"}
    assert len(root.findall("error")) == 3
    assert not Demand.objects.exists()


@pytest.mark.parametrize("query", [
    "start_date=0001-01-01", "end_date=9999-12-31T23:59:59Z", "start_date=1999-12-31",
    "start_date=2020-13-01", "start_date=2020-02-30T00:00:00", "start_date=now", "end_date=" + "2" * 1000,
    "start_date=2024-01-01T00:00:00%2B99:00", "start_date=%00", "service_code=%00", "service_request_id=a%00b",
    "status=maybe", "status=" + "open," * 50, "service_code=" + "x" * 10_000, "start_date=2026-01-02&end_date=2026-01-01",
    "%00=1",
])
def test_bad_filters_are_a_geo_report_400(client, topic, query):
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400, query
    assert all(e["code"] == 400 and e["description"] for e in response.json())


def test_dates_within_the_range_are_accepted(client, topic):
    for query in ("start_date=2000-01-01", "start_date=2024-05-01T08:00:00%2B08:00&end_date=2024-06-01",
                  "end_date=2026-01-01T00:00:00Z"):
        assert client.get(f"/open311/v2/requests.json?{query}").status_code == 200, query


def test_errors_are_in_the_sites_language(client, topic):
    """Open311 is outside the language prefix: it speaks the site's default language, Chinese."""
    from django.utils import timezone

    from engagement.demands.open311_forms import LATEST_AHEAD

    latest = (timezone.localdate() + LATEST_AHEAD).isoformat()
    response = client.get("/open311/v2/requests.json?start_date=0001-01-01")
    assert response.json() == [{"code": 400, "description": f"start_date: 必须在 2000-01-01 至 {latest} 之间。"}]
