"""Consultations in every outlet: /consultations/, feeds, sitemap, API v3, search, /transparency/."""

import pytest

from engagement.consultations import services
from engagement.consultations.models import Outcome
from tests.channels.test_feeds import assert_atom_as_rfc_4287_requires
from tests.consultations.conftest import close, make_consultation, opinion, sections_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(policy_section, department, alice, bob, department_staff):
    done = make_consultation(policy_section, department, slug="reported-draft", title="已公布采纳情况的草案")
    first = sections_of(done)[0]
    adopted = opinion(done, alice, "建议一", section=first)
    refused = opinion(done, bob, "建议二", section=first)
    close(done)
    services.decide(adopted, outcome=Outcome.ADOPTED, reason="采纳", by=department_staff)
    services.decide(refused, outcome=Outcome.NOT_ADOPTED, reason="不采纳", by=department_staff)
    services.publish_report(done, summary="说明", by=department_staff)
    return done


def test_the_list_shows_open_closed_and_reported_consultations_apart(client, consultation, reported, policy_section,
                                                                      department):
    closed = close(make_consultation(policy_section, department, slug="closed-draft", title="已截止的草案"))

    page = client.get("/consultations/").content.decode()

    open_part, rest = page.split('id="stage-open"')[1].split('id="stage-closed"')
    closed_part, reported_part = rest.split('id="stage-reported"')
    assert consultation.title in open_part
    assert closed.title in closed_part and "已截止，待公布采纳情况" in page
    assert reported.title in reported_part and reported.url + "report/" in reported_part
    assert "Policy consultations" in client.get("/en/consultations/").content.decode()


def test_the_feeds_carry_the_consultations(client, consultation):
    rss = client.get("/consultations/feed/rss/").content.decode()
    atom = client.get("/consultations/feed/atom/").content.decode()

    assert consultation.title in rss and consultation.title in atom
    assert "城市管理局" in rss
    assert_atom_as_rfc_4287_requires(client.get("/consultations/feed/atom/"), "/consultations/feed/atom/")


def test_the_sitemap_lists_the_consultation(client, consultation):
    assert consultation.url in client.get("/sitemap.xml").content.decode()


def test_the_api_gives_sections_dates_and_stage(client, consultation):
    listing = client.get("/api/v3/pages/", {"type": "consultations.ConsultationPage"})
    assert [i["id"] for i in listing.json()["items"]] == [consultation.pk]
    item = client.get(f"/api/v3/pages/{consultation.pk}/").json()
    assert item["stage"] == "open" and item["closes_on"] == f"{consultation.closes_on:%Y-%m-%d}"
    assert [s["heading"] for s in item["sections"]] == ["适用范围", "开放时段", "收费标准"]


def test_search_finds_a_consultation_by_the_text_of_a_section(client, consultation):
    page = client.get("/search/", {"q": "共享停车场"}).content.decode()  # in section 1's text only

    assert 'class="search-result__type">征求意见' in page and consultation.url in page


def test_transparency_counts_opinions_received_and_adopted_per_department(client, reported, consultation, alice):
    opinion(consultation, alice, "尚在征求中的意见")  # received, not decided: counted as received only
    data = client.get("/transparency/data.json").json()

    table = next(t for t in data["tables"] if t["key"] == "consultations")
    assert table["rows"] == [["城市管理局", 2, 3, 1, 0, 1, 50.0]]
    assert "采纳率" in table["formula"]
    assert "政策征求意见：各部门收到和采纳的意见" in client.get("/transparency/").content.decode()


def test_decisions_in_an_unpublished_report_are_not_counted(client, consultation, alice, department_staff):
    item = opinion(consultation, alice)
    close(consultation)
    services.decide(item, outcome=Outcome.ADOPTED, reason="采纳", by=department_staff)

    table = next(t for t in client.get("/transparency/data.json").json()["tables"] if t["key"] == "consultations")
    assert table["rows"] == [["城市管理局", 1, 1, 0, 0, 0, None]]
