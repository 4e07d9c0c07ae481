"""Never index private data: contact details and private/merged/rejected demands stay out."""

import pytest

from engagement.demands.models import Demand
from search.analysis import analyze
from tests.demands.factories import make_demand

CONTACT = {"name": "欧阳锋", "phone": "13987654321", "email": "secret.person@example.cn", "address": "桃花岛九曲路88号"}


def index_terms(backend):
    """Every (field, term) in the live index, and every stored value."""
    searcher = backend.store.searcher()
    reader = searcher.reader()
    terms = set()
    for fieldname, raw in reader.all_terms():
        text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        terms.add(text)
    stored = [v for doc in searcher.documents() for v in doc.values()]
    return terms, stored


def demand_ids(backend):
    return {d["doc_id"] for d in backend.store.searcher().documents() if d["doc_id"].startswith("demands.demand:")}


@pytest.fixture
def public_demand(topic, grid, resident):
    return make_demand(topic, author=resident, area=grid, contact=CONTACT, title="北门消防通道被占用")


def test_contact_details_never_reach_the_index(backend, public_demand):
    assert demand_ids(backend) == {f"demands.demand:{public_demand.pk}"}
    terms, stored = index_terms(backend)
    for value in CONTACT.values():
        for term in analyze(value):
            assert term not in terms, f"{term!r} from contact details is in the index"
        assert not any(value in str(s) for s in stored)
    # and the full rebuild respects it too
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    terms, _stored = index_terms(backend)
    for value in CONTACT.values():
        assert not set(analyze(value)) & terms


def test_private_demand_is_never_indexed(backend, topic, grid):
    make_demand(topic, area=grid, is_public=False, contact=CONTACT, title="家门口私事")
    assert demand_ids(backend) == set()
    assert list(backend.search("私事", Demand)) == []


def test_demand_made_private_is_removed_on_save(backend, public_demand):
    assert [d.pk for d in backend.search("消防", Demand)] == [public_demand.pk]
    public_demand.is_public = False
    public_demand.save()
    assert demand_ids(backend) == set()
    assert list(backend.search("消防", Demand)) == []


def test_rejected_and_merged_demands_leave_the_index(backend, topic, grid, moderator, public_demand):
    other = make_demand(topic, area=grid, contact=CONTACT, title="北门消防通道又被占用")
    assert len(demand_ids(backend)) == 2
    other.merge(into=public_demand, by=moderator)
    assert demand_ids(backend) == {f"demands.demand:{public_demand.pk}"}
    public_demand.refresh_from_db()
    public_demand.reject(by=moderator, reason="重复")
    assert demand_ids(backend) == set()


def test_answer_text_is_searchable_once_answered(backend, public_demand, department, moderator, department_staff):
    d = public_demand.forward(to=department, by=moderator).accept(by=department_staff)
    d.answer(text="已在北门加装隔离桩。", by=department_staff)
    assert [x.pk for x in backend.search("隔离桩", Demand)] == [public_demand.pk]
