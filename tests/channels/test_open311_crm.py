"""Open311 as a city CRM uses it: FixMyStreet's import rules, the georeport client, updates, errors.

The public location of a request is its grid: the grid's name as address and its centroid as lat/long.
The point a client POSTs is kept privately and only decides the grid.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone
from georeport import GeoReport

from engagement.demands.models import Demand, Open311Client
from tests.demands.factories import make_demand
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

CELL = {"type": "Polygon", "coordinates": [[[116.40, 39.90], [116.41, 39.90], [116.41, 39.91], [116.40, 39.91],
                                            [116.40, 39.90]]]}
INSIDE = ("39.9031", "116.4087")  # a resident's doorstep in that grid


@pytest.fixture(autouse=True)
def _clear_limits():
    cache.clear()


@pytest.fixture
def mapped_grid(db):
    grid = AreaFactory.grid()
    grid.boundary = CELL
    grid.save()
    return grid


@pytest.fixture
def crm(db):
    return Open311Client.objects.create(name="12345 热线")


@pytest.fixture
def public_requests(topic, mapped_grid, department, moderator, department_staff):
    demands = [make_demand(topic, area=mapped_grid, title=f"诉求{n}") for n in range(3)]
    demands[0].forward(to=department, by=moderator).accept(by=department_staff).answer(
        text="已安排巡查。", by=department_staff)
    hidden = make_demand(topic, area=mapped_grid, is_public=False, title="不公开的诉求")
    return demands, hidden


def fixmystreet_import(xml_bytes, service_codes):
    """FixMyStreet's rules for importing an Open311 server's requests: an id, lat and long are required
    (it skips every request without them), a parseable requested_datetime and a known service_code."""
    imported = []
    for request in ET.fromstring(xml_bytes).findall("request"):
        fields = {child.tag: (child.text or "") for child in request}
        if not fields.get("service_request_id") or not fields.get("lat") or not fields.get("long"):
            continue
        try:
            lat, lng = float(fields["lat"]), float(fields["long"])
            datetime.datetime.fromisoformat(fields["requested_datetime"])
        except ValueError:
            continue
        if fields.get("service_code") in service_codes and -90 <= lat <= 90 and -180 <= lng <= 180:
            imported.append(fields)
    return imported


def test_fixmystreet_imports_every_public_request_at_its_grid(client, public_requests, mapped_grid):
    demands, hidden = public_requests
    services = ET.fromstring(client.get("/open311/v2/services.xml").content)
    codes = {s.findtext("service_code") for s in services.findall("service")}
    imported = fixmystreet_import(client.get("/open311/v2/requests.xml").content, codes)
    assert sorted(r["service_request_id"] for r in imported) == sorted(d.tracking_number for d in demands)
    assert Demand.objects.publicly_readable().count() == len(imported)
    for request in imported:
        assert (float(request["lat"]), float(request["long"])) == pytest.approx((39.905, 116.405))
        assert request["address"] == mapped_grid.full_name()
    assert hidden.tracking_number not in client.get("/open311/v2/requests.xml").content.decode()


def test_a_posted_point_is_kept_privately_and_mapped_to_its_grid(client, topic, mapped_grid, crm):
    response = client.post("/open311/v2/requests.json", {
        "api_key": crm.api_key, "service_code": topic.slug, "lat": INSIDE[0], "long": INSIDE[1],
        "description": "北门消防通道被占用。", "media_url": "https://crm.example.cn/photos/991.jpg"})
    assert response.status_code == 200, response.content
    demand = Demand.objects.get(tracking_number=response.json()[0]["service_request_id"])
    assert demand.area == mapped_grid
    assert (float(demand.contact.latitude), float(demand.contact.longitude)) == tuple(map(float, INSIDE))
    public = client.get(f"/open311/v2/requests/{demand.tracking_number}.json").json()[0]
    assert (public["lat"], public["long"]) == pytest.approx((39.905, 116.405))  # the grid, not the doorstep
    assert public["address"] == mapped_grid.full_name()
    assert public["media_url"] == "https://crm.example.cn/photos/991.jpg"  # stored as the link it is
    body = client.get("/open311/v2/requests.json").content.decode()
    assert INSIDE[0] not in body and INSIDE[1] not in body


def test_a_point_outside_every_grid_is_shown_at_the_jurisdiction(client, topic, mapped_grid, crm):
    district = mapped_grid.parent.parent.parent
    district.boundary = CELL
    district.save()
    response = client.post("/open311/v2/requests.json", {
        "api_key": crm.api_key, "service_code": topic.slug, "lat": "31.2", "long": "121.5", "description": "路灯不亮。"})
    demand = Demand.objects.get(tracking_number=response.json()[0]["service_request_id"])
    assert demand.area is None
    public = client.get(f"/open311/v2/requests/{demand.tracking_number}.json").json()[0]
    assert (public["lat"], public["long"]) == pytest.approx((39.905, 116.405))


@pytest.mark.parametrize("fields", [
    {"lat": "north", "long": "116.4"}, {"lat": "91", "long": "116.4"}, {"lat": "39.9", "long": "nan"},
    {"lat": "39.9"}, {"lat": "39.9", "long": "116.4", "media_url": "javascript:alert(1)"},
    {"lat": "39.9", "long": "116.4", "media_url": "file:///etc/passwd"},
])
def test_malformed_coordinates_and_media_links_get_a_georeport_400(client, topic, crm, fields):
    response = client.post("/open311/v2/requests.xml", {"api_key": crm.api_key, "service_code": topic.slug,
                                                        "description": "x", **fields})
    assert response.status_code == 400
    root = ET.fromstring(response.content)
    assert root.tag == "errors" and root.find("error/code").text == "400"
    assert not Demand.objects.exists()


def test_service_request_updates_list_public_changes_and_answers_since_a_date(client, public_requests):
    demands, hidden = public_requests
    since = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    updates = client.get("/open311/v2/servicerequestupdates.json", {"start_date": since}).json()
    numbers = {u["service_request_id"] for u in updates}
    assert numbers == {d.tracking_number for d in demands}
    answered = [u for u in updates if u["service_request_id"] == demands[0].tracking_number]
    assert [u["status"] for u in answered] == ["open", "in_progress", "in_progress", "closed"]
    assert answered[-1]["description"] == "已安排巡查。"
    assert all(set(u) == {"update_id", "service_request_id", "status", "updated_datetime", "description",
                          "media_url"} for u in updates)
    root = ET.fromstring(client.get("/open311/v2/servicerequestupdates.xml", {"start_date": since}).content)
    assert root.tag == "service_request_updates" and len(root.findall("request_update")) == len(updates)
    later = (timezone.now() + datetime.timedelta(minutes=1)).isoformat()
    assert client.get("/open311/v2/servicerequestupdates.json", {"start_date": later}).json() == []


def georeport_errors(response, fmt):
    """GeoReport's error list: (code, description) for each error, the code being the HTTP status."""
    assert "<html" not in response.content.decode(errors="replace").lower()
    if fmt == "xml":
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        errors = [(int(e.findtext("code")), e.findtext("description")) for e in root.findall("error")]
    else:
        errors = [(e["code"], e["description"]) for e in response.json()]
    assert errors and all(code == response.status_code and description for code, description in errors)
    return errors


@pytest.mark.parametrize("path,status", [
    ("/open311/v2/servicerequestupdates.json?start_date=yesterday", 400),
    ("/open311/v2/servicerequestupdates.json?start_date=2026-02-30", 400),
    ("/open311/v2/requests.json?start_date=2026-13-01", 400),
    ("/open311/v2/requests.csv", 404),
    ("/open311/v2/requests.JSON", 404),
    ("/open311/v2/tickets.xml", 404),
    ("/open311/v2/", 404),
    ("/open311/v1/requests.json", 404),  # another version, and the English prefix: still GeoReport's list
    ("/en/open311/v2/requests.json", 404),
    ("/en/open311/v2/requests.xml", 404),
    ("/open311/v2/services/parking/extra.json", 404),
    ("/open311/v2/requests.json?start_date=2024-01-01T25:00:00", 400),
    ("/open311/v2/requests.json?start_date=0000-01-01", 400),
    ("/open311/v2/requests.xml?end_date=-1", 400),
    ("/open311/v2/requests.json?start_date=2030-01-01&end_date=2029-01-01", 400),
    ("/open311/v2/requests.json?status=%00", 400),
    ("/open311/v2/requests.xml?status=pending", 400),
    ("/open311/v2/requests/%ff.json", 404),
    ("/open311/v2/requests/GZ-1999-000001.xml", 404),
    ("/open311/v2/discovery.html", 404),
    ("/open311/v2/servicerequestupdates.csv", 404),
    ("/open311/v2/services/no-such-service.xml", 404),
    ("/open311/v2/requests.xml?" + "&".join(f"p{n}=1" for n in range(10_001)), 400),  # more than Django reads
])
def test_bad_open311_input_gets_a_georeport_error_list_never_html(client, topic, path, status):
    response = client.get(path)
    assert response.status_code == status
    georeport_errors(response, "xml" if path.split("?")[0].endswith(".xml") else "json")


UNREADABLE_BODIES = [
    ("application/json", '{"service_code": "parking", "description": "x", "lat": 39.9, "long": 116.4}', 415),
    ("text/plain", "service_code=parking&description=x", 415),
    ("text/xml", "<service_request><service_code>parking</service_code></service_request>", 415),
    ("", "service_code=parking&description=x", 415),
    ("multipart/form-data", "service_code=parking", 400),  # no boundary
    ("multipart/form-data; boundary=\x01", "--\x01\r\n", 400),
    ("application/x-www-form-urlencoded; charset=utf-16", "service_code=parking&description=x", 400),
    ("application/x-www-form-urlencoded", "description=" + "长" * 1_000_000 + "&service_code=parking", 413),
]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("content_type,body,status", UNREADABLE_BODIES)
def test_a_body_that_is_not_a_georeport_form_gets_an_error_list_and_creates_nothing(client, topic, crm, fmt,
                                                                                    content_type, body, status):
    if "urlencoded" in content_type or content_type == "":
        body = f"api_key={crm.api_key}&{body}"
    response = client.generic("POST", f"/open311/v2/requests.{fmt}", body.encode("utf-8"), content_type=content_type)
    assert response.status_code == status
    georeport_errors(response, fmt)
    assert not Demand.objects.exists()


def test_an_unsupported_method_is_a_405_error_list(client, topic):
    response = client.delete("/open311/v2/services.json")
    assert response.status_code == 405 and response.json()[0]["code"] == 405


def test_the_georeport_client_reads_every_public_request(live_server, transactional_db, topic, mapped_grid,
                                                          department, moderator, department_staff):
    demands = [make_demand(topic, area=mapped_grid, title=f"诉求{n}") for n in range(2)]
    make_demand(topic, area=mapped_grid, is_public=False)
    for output_format in ("json", "xml"):
        georeport = GeoReport(live_server.url + "/open311/v2", output_format=output_format)
        services = georeport.get_service_list()
        services = services if isinstance(services, list) else [services]
        assert topic.slug in {s["service_code"] for s in services}
        requests = georeport.get_service_requests()
        requests = requests if isinstance(requests, list) else [requests]
        assert sorted(r["service_request_id"] for r in requests) == sorted(d.tracking_number for d in demands)
        assert all(r["lat"] is not None and r["long"] is not None for r in requests)
        one = georeport.get_service_request(demands[0].tracking_number)
        one = one[0] if isinstance(one, list) else one
        assert one["address"] == mapped_grid.full_name()
