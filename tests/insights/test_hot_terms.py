"""The hot-term job: incremental, idempotent, one run at a time, robust to odd input."""

import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from engagement.insights.hot_terms import TRACKED_DAYS, run_hot_terms
from engagement.insights.locking import job_lock
from engagement.insights.models import (
    CountedRecord,
    HighWaterMark,
    HotTermSnapshot,
    StopWord,
    TermDayCount,
    TermDocFreq,
    TopicAreaDayCount,
)
from engagement.insights.terms import extract_terms

from .factories import comment, demand

DAY = datetime.date(2026, 11, 20)


def top(period="day", day=DAY):
    return {s.term: s for s in HotTermSnapshot.objects.filter(period=period, computed_for=day)}


def test_terms_are_jieba_words_without_stop_words_and_english_lower_cased():
    terms = extract_terms("我们小区的停车问题非常严重，WiFi 信号也不好。停车位太少！")
    assert (terms["停车"], terms["停车位"]) == (1, 1)  # 停车问题 → 停车 + 问题 (a stop word); 停车位 is a word
    assert "wifi" in terms and "WiFi" not in terms
    assert "我们" not in terms and "的" not in terms and "非常" not in terms


@pytest.mark.django_db
def test_a_brand_new_site_runs_and_snapshots_nothing():
    assert run_hot_terms(day=DAY) == {"documents": 0, "taken_back": 0, "snapshots": 0, "day": DAY}
    assert not HotTermSnapshot.objects.exists()


@pytest.mark.django_db
def test_hot_terms_of_the_day_and_week_with_change_against_the_previous_period():
    for _ in range(3):
        comment("小区停车难，晚上没有车位", DAY)
    comment("垃圾分类做得好", DAY)
    comment("停车难，收费太贵", DAY - datetime.timedelta(days=1))
    comment("停车难又来了", DAY - datetime.timedelta(days=8))

    run_hot_terms(day=DAY)

    day = top("day")
    assert day["停车难"].count == 3 and day["停车难"].previous_count == 1
    assert day["停车难"].rank <= 5
    assert any(term.startswith("垃圾") for term in day)
    week = top("week")
    assert week["停车难"].count == 4 and week["停车难"].previous_count == 1


@pytest.mark.django_db
def test_each_run_reads_only_what_is_new_and_a_rerun_changes_nothing():
    comment("公交站台需要遮雨棚", DAY)
    assert run_hot_terms(day=DAY)["documents"] == 1
    ids = set(HotTermSnapshot.objects.values_list("pk", flat=True))

    assert run_hot_terms(day=DAY) == {"documents": 0, "taken_back": 0, "snapshots": 0, "day": DAY}
    assert set(HotTermSnapshot.objects.values_list("pk", flat=True)) == ids

    comment("公交站台太远", DAY)
    assert run_hot_terms(day=DAY)["documents"] == 1
    assert top()["公交"].count == 2 if "公交" in top() else top()["公交站台"].count == 2
    assert HighWaterMark.objects.get(source="comment").documents == 2


@pytest.mark.django_db
def test_unpublished_comments_are_not_counted():
    comment("秘密内容不应出现", DAY, public=False)
    run_hot_terms(day=DAY)
    assert not TermDayCount.objects.exists()


@pytest.mark.django_db
def test_editors_stop_words_hide_a_term_from_the_next_snapshot():
    comment("网格员服务很好", DAY)
    run_hot_terms(day=DAY)
    assert "服务" in top()
    StopWord.objects.create(word=" 服务 ")
    run_hot_terms(day=DAY)
    assert "服务" not in top() and "网格" in top()


@pytest.mark.django_db
def test_one_enormous_comment_counts_as_one_document():
    comment("噪音扰民" * 50_000, DAY)
    comment("路灯坏了", DAY)
    comment("路灯坏了", DAY)
    assert run_hot_terms(day=DAY)["documents"] == 3
    snapshot = top()
    assert snapshot["噪音"].count == 1 if "噪音" in snapshot else snapshot["噪音扰民"].count == 1
    assert snapshot["路灯"].rank == 1


@pytest.mark.django_db
def test_a_full_rebuild_gives_the_same_snapshot():
    comment("电梯加装进展如何", DAY)
    comment("电梯维修", DAY)
    run_hot_terms(day=DAY)
    before = list(HotTermSnapshot.objects.values_list("period", "term", "count", "rank"))
    run_hot_terms(day=DAY, full=True)
    assert list(HotTermSnapshot.objects.values_list("period", "term", "count", "rank")) == before


def tables():
    """Everything the job derived, comparable across runs (row ids and sample order left out)."""
    return {
        "terms": sorted(TermDayCount.objects.values_list("day", "term", "occurrences", "documents")),
        "term_samples": {(r.day, r.term): set(r.samples) for r in TermDayCount.objects.all()},
        "df": sorted(TermDocFreq.objects.values_list("term", "documents")),
        "heat": sorted(TopicAreaDayCount.objects.values_list("day", "topic_id", "area_id", "count")),
        "heat_samples": {(r.day, r.topic_id, r.area_id): set(r.samples) for r in TopicAreaDayCount.objects.all()},
        "documents": dict(HighWaterMark.objects.values_list("source", "documents")),
        "snapshots": sorted(HotTermSnapshot.objects.values_list("period", "computed_for", "term", "count", "rank")),
    }


def insights_page(client):
    cache.clear()
    return client.get("/insights/").content.decode()


def _reject(d, other, moderator):
    d.reject(by=moderator, reason="不属于受理范围")


def _merge(d, other, moderator):
    d.merge(into=other, by=moderator)


def _make_private(d, other, moderator):
    type(d).objects.filter(pk=d.pk).update(is_public=False)


def _delete(d, other, moderator):
    type(d).objects.filter(pk=d.pk).delete()


@pytest.mark.django_db
@pytest.mark.parametrize("hide", [_reject, _merge, _make_private, _delete], ids=["rejected", "merged", "private", "deleted"])
def test_a_demand_that_stops_being_public_leaves_insights_on_the_next_run(client, home, topic, grid, moderator, hide):
    today = timezone.localdate()
    kept = demand("北门停车难 晚上没有车位", topic, grid, today)
    gone = demand("北门停车难 zqleavesmk 占道", topic, grid, today)
    run_hot_terms()
    assert "zqleavesmk" in insights_page(client)
    street = grid.parent.parent
    assert TopicAreaDayCount.objects.get(day=today, topic=topic, area=street).count == 2

    hide(gone, kept, moderator)
    result = run_hot_terms()

    assert result["taken_back"] == 1 and result["documents"] == 0
    assert "zqleavesmk" not in insights_page(client)
    assert not TermDayCount.objects.filter(term="zqleavesmk").exists()
    assert not TermDocFreq.objects.filter(term="zqleavesmk").exists()
    shared = TermDayCount.objects.get(day=today, term="北门")
    assert shared.documents == 1 and f"demand:{gone.pk}" not in shared.samples
    cell = TopicAreaDayCount.objects.get(day=today, topic=topic, area=street)
    assert cell.count == 1 and cell.samples == [f"demand:{kept.pk}"]
    assert HighWaterMark.objects.get(source="demand").documents == 1
    assert list(CountedRecord.objects.values_list("record_id", flat=True)) == [kept.pk]
    # Exactly what counting the public record from scratch gives.
    incremental = tables()
    run_hot_terms(full=True)
    assert tables() == incremental
    # And the next run has nothing more to take back.
    assert run_hot_terms()["taken_back"] == 0


@pytest.mark.django_db
def test_the_only_demand_of_a_day_taken_back_empties_its_rows(topic, grid, moderator):
    d = demand("南门路灯不亮 zqlonelymk", topic, grid, DAY)
    run_hot_terms(day=DAY)
    assert top()["zqlonelymk"].count == 1

    d.reject(by=moderator, reason="重复")
    run_hot_terms(day=DAY)

    assert not TermDayCount.objects.exists() and not TermDocFreq.objects.exists()
    assert not TopicAreaDayCount.objects.exists() and not CountedRecord.objects.exists()
    assert top() == {} and top("week") == {} and top("month") == {}


@pytest.mark.django_db
def test_a_removed_comment_leaves_the_hot_terms_on_the_next_run():
    comment("电梯维修太慢", DAY)
    removed = comment("电梯 zqremovedmk 维修", DAY)
    run_hot_terms(day=DAY)
    assert "zqremovedmk" in top()

    removed.is_removed = True
    removed.save()
    run_hot_terms(day=DAY)

    assert "zqremovedmk" not in top("day") and "zqremovedmk" not in top("month")
    assert top()["电梯"].count == 1 and HighWaterMark.objects.get(source="comment").documents == 1


@pytest.mark.django_db
def test_the_counted_records_cover_only_the_days_the_windows_read():
    oldest_read = DAY - datetime.timedelta(days=TRACKED_DAYS - 1)
    comment("旧闻一则", oldest_read - datetime.timedelta(days=1))
    inside = comment("公交站台", oldest_read)
    run_hot_terms(day=DAY)
    assert list(CountedRecord.objects.values_list("record_id", flat=True)) == [inside.pk]

    run_hot_terms(day=DAY + datetime.timedelta(days=1))  # the day after, its day is no longer read
    assert not CountedRecord.objects.exists()
    assert TermDayCount.objects.filter(term="公交").exists()  # the count itself stays (history)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_concurrent_run_exits_cleanly():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    holding, release = threading.Event(), threading.Event()

    def hold():
        from django.db import connections

        with job_lock("hot_terms") as lock:
            assert lock is not None
            holding.set()
            release.wait(10)
        connections.close_all()

    JobLockHolder = threading.Thread(target=hold)
    JobLockHolder.start()
    holding.wait(10)
    try:
        assert run_hot_terms(day=DAY) is None
    finally:
        release.set()
        JobLockHolder.join()
    assert run_hot_terms(day=DAY) is not None
