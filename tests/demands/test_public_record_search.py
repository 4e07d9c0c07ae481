"""The search index and the hot terms hold the public record only: hidden demands are never indexed
or counted, and a demand hidden later leaves both (DESIGN.md "One public record")."""

import pytest
from django.core.cache import cache
from wagtail.search.backends import get_search_backend

from engagement.demands.intake import submit_demand
from engagement.demands.models import Demand

from .public_record import contact_for, contact_markers, hidden_markers

pytestmark = pytest.mark.django_db


def _index_text(backend):
    """The terms that some live document of the index holds, and every stored value of a live document."""
    searcher = backend.store.searcher()
    reader = searcher.reader()
    terms = {(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)).lower()
             for field, raw in reader.all_terms() if reader.postings(field, raw).is_active()}
    stored = "\n".join(str(v) for doc in searcher.documents() for v in doc.values()).lower()
    return terms, stored


def test_the_search_index_holds_only_the_public_record(record):
    backend = get_search_backend()
    public = {record["open"].pk, record["answered"].pk}
    assert set(Demand.get_indexed_objects().values_list("pk", flat=True)) == public
    assert {d.pk for d in backend.search("北门消防通道", Demand)} == public
    assert [d.pk for d in backend.search("zqpublicansweredanswer", Demand)] == [record["answered"].pk]
    for word in hidden_markers():
        assert list(backend.search(word, Demand)) == [], word
        assert list(backend.search(word, Demand.objects.all())) == [], word
    terms, stored = _index_text(backend)
    for value in hidden_markers() + contact_markers(record):
        assert value.lower() not in terms and value.lower() not in stored, value


def test_a_public_demand_rejected_after_indexing_leaves_search(client, topic, grid, resident, moderator):
    backend = get_search_backend()
    demand = submit_demand(title="南门路灯不亮 zqlatetitlemk", description="南门三盏路灯一直不亮 zqlatetextmk。",
                           topic=topic, area=grid, author=resident, contact=contact_for("late"))
    assert [d.pk for d in backend.search("zqlatetitlemk", Demand)] == [demand.pk]
    assert demand.get_absolute_url() in client.get("/search/?q=zqlatetextmk").content.decode()

    demand.reject(by=moderator, reason="不属于受理范围")

    assert list(backend.search("zqlatetitlemk", Demand)) == []
    assert list(backend.search("zqlatetextmk", Demand)) == []
    outcome = client.get("/search/?q=zqlatetextmk").context["outcome"]
    assert outcome.type_counts.get("demand", 0) == 0
    assert demand.get_absolute_url() not in client.get("/search/?q=南门路灯").content.decode()
    assert client.get("/search/similar-demands/?title=南门路灯不亮").json() == []
    _terms, stored = _index_text(backend)
    assert "zqlatetitlemk" not in stored


def test_hot_terms_forget_a_demand_hidden_after_it_was_counted(client, topic, grid, moderator):
    from engagement.insights.hot_terms import run_hot_terms

    demand = submit_demand(title="南门路灯不亮 zqcountedmk", description="南门三盏路灯一直不亮 zqcountedmk。",
                           topic=topic, area=grid, contact=contact_for("late"))
    run_hot_terms()
    cache.clear()
    assert "zqcountedmk" in client.get("/insights/").content.decode()  # public: its words may be hot

    demand.reject(by=moderator, reason="不属于受理范围")
    run_hot_terms()
    cache.clear()
    assert "zqcountedmk" not in client.get("/insights/").content.decode()
