"""The hot-term job: incremental, idempotent, one run at a time, robust to odd input."""

import datetime
import threading

import pytest
from django.db import connection

from engagement.insights.hot_terms import run_hot_terms
from engagement.insights.locking import job_lock
from engagement.insights.models import HighWaterMark, HotTermSnapshot, StopWord, TermDayCount
from engagement.insights.terms import extract_terms

from .factories import comment

DAY = datetime.date(2026, 11, 20)


def top(period="day", day=DAY):
    return {s.term: s for s in HotTermSnapshot.objects.filter(period=period, computed_for=day)}


def test_terms_are_jieba_words_without_stop_words_and_english_lower_cased():
    terms = extract_terms("我们小区的停车问题非常严重，WiFi 信号也不好。停车位太少！")
    assert terms["停车"] == 2 or terms["停车位"] == 1
    assert "wifi" in terms and "WiFi" not in terms
    assert "我们" not in terms and "的" not in terms and "非常" not in terms


@pytest.mark.django_db
def test_a_brand_new_site_runs_and_snapshots_nothing():
    assert run_hot_terms(day=DAY) == {"documents": 0, "snapshots": 0, "day": DAY}
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

    assert run_hot_terms(day=DAY) == {"documents": 0, "snapshots": 0, "day": DAY}
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
