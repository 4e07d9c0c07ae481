"""The hot-term job (热点): count new public texts into daily tables, then snapshot the top terms.

Incremental: each source keeps a high-water mark (last id read); a run reads only rows above it
and adds their terms into ``TermDayCount`` (per local day) and ``TermDocFreq`` (the site's own
IDF). A window (24 h, 7 days, 30 days) is then a sum of daily rows, never a re-read of texts.
Idempotent: a rerun finds nothing new and rewrites no snapshot whose content is unchanged.
Concurrent runs: ``job_lock`` lets one win; the other returns None.

Score = documents mentioning the term in the window × (ln((1 + N) / (1 + df)) + 1), where N is
the number of documents read so far and df the documents (ever) containing the term: TF-IDF
with a document-level TF, so one enormous comment repeating a word cannot top the list.
"""

import math
from collections import defaultdict
from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

from content.models import Area

from . import sources
from .locking import job_lock
from .models import (
    PERIOD_DAYS,
    HighWaterMark,
    HotTermSnapshot,
    TermDayCount,
    TermDocFreq,
    TopicAreaDayCount,
)
from .terms import extract_terms, stop_words

SNAPSHOT_SIZE = 50
CANDIDATES = 400
MAX_SAMPLES = 10
IN_CHUNK = 500


def area_levels():
    """{area id: [street id, district id]} for every area (one query): where a demand is counted."""
    rows = list(Area.objects.values_list("pk", "kind", "parent_id"))
    parent = {pk: p for pk, _k, p in rows}
    kind = {pk: k for pk, k, _p in rows}
    levels = {}
    for pk in parent:
        found, node, hops = [], pk, 0
        while node is not None and hops < 5:
            if kind.get(node) in (Area.Kind.STREET, Area.Kind.DISTRICT):
                found.append(node)
            node, hops = parent.get(node), hops + 1
        levels[pk] = found
    return levels


class _Batch:
    """What one run adds, accumulated in memory, written with a handful of bulk queries."""

    def __init__(self):
        self.term_days = defaultdict(lambda: [0, 0, []])  # (day, term) -> [occurrences, documents, samples]
        self.doc_freq = defaultdict(int)
        self.topic_areas = defaultdict(lambda: [0, []])  # (day, topic, area) -> [count, samples]
        self.documents = defaultdict(int)
        self.marks = {}

    def add(self, record, terms, levels):
        self.documents[record.source] += 1
        self.marks[record.source] = max(self.marks.get(record.source, 0), record.id)
        for term, n in terms.items():
            row = self.term_days[(record.day, term)]
            row[0] += n
            row[1] += 1
            if len(row[2]) < MAX_SAMPLES:
                row[2].append(record.ref)
            self.doc_freq[term] += 1
        if record.source == "demand" and record.topic_id and record.area_id:
            for area_id in levels.get(record.area_id, []):
                row = self.topic_areas[(record.day, record.topic_id, area_id)]
                row[0] += 1
                if len(row[1]) < MAX_SAMPLES:
                    row[1].append(record.ref)


def _chunks(items, size=IN_CHUNK):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _replace(model, changed, new):
    """Write merged rows: delete the changed ones and insert them again with the new ones.

    Inside the job's transaction this is equivalent to an update, and two bulk statements per
    chunk are much faster than bulk_update's CASE WHEN on thousands of rows (measured: 20×).
    """
    for part in _chunks([row.pk for row in changed]):
        model.objects.filter(pk__in=part).delete()
    for row in changed:
        if model is not TermDocFreq:  # TermDocFreq's pk is the term itself
            row.pk = None
    model.objects.bulk_create(list(changed) + list(new), batch_size=1000)


def _write(batch):
    by_day = defaultdict(dict)
    for (day, term), value in batch.term_days.items():
        by_day[day][term] = value
    for day, terms in by_day.items():
        existing = {}
        for part in _chunks(terms):
            existing.update({r.term: r for r in TermDayCount.objects.filter(day=day, term__in=part)})
        changed, new = [], []
        for term, (occ, docs, samples) in terms.items():
            row = existing.get(term)
            if row is None:
                new.append(TermDayCount(day=day, term=term, occurrences=occ, documents=docs, samples=samples))
            else:
                row.occurrences += occ
                row.documents += docs
                row.samples = (row.samples + samples)[:MAX_SAMPLES]
                changed.append(row)
        _replace(TermDayCount, changed, new)

    existing = {}
    for part in _chunks(batch.doc_freq):
        existing.update({r.term: r for r in TermDocFreq.objects.filter(term__in=part)})
    changed, new = [], []
    for term, n in batch.doc_freq.items():
        row = existing.get(term)
        if row is None:
            new.append(TermDocFreq(term=term, documents=n))
        else:
            row.documents += n
            changed.append(row)
    _replace(TermDocFreq, changed, new)

    days = {day for day, _t, _a in batch.topic_areas}
    existing = {
        (r.day, r.topic_id, r.area_id): r for r in TopicAreaDayCount.objects.filter(day__in=days)
    } if days else {}
    changed, new = [], []
    for (day, topic_id, area_id), (count, samples) in batch.topic_areas.items():
        row = existing.get((day, topic_id, area_id))
        if row is None:
            new.append(TopicAreaDayCount(day=day, topic_id=topic_id, area_id=area_id, count=count, samples=samples))
        else:
            row.count += count
            row.samples = (row.samples + samples)[:MAX_SAMPLES]
            changed.append(row)
    _replace(TopicAreaDayCount, changed, new)

    for source, last_id in batch.marks.items():
        mark, _ = HighWaterMark.objects.get_or_create(source=source)
        mark.last_id = max(mark.last_id, last_id)
        mark.documents += batch.documents[source]
        mark.save()


def count_new_documents():
    """Read every source above its mark and add the terms to the daily tables. Returns documents read."""
    marks = {m.source: m.last_id for m in HighWaterMark.objects.all()}
    levels = area_levels()
    batch = _Batch()
    for source in sources.SOURCES:
        for record in sources.read_new(source, marks.get(source, 0)):
            batch.add(record, extract_terms(record.text), levels)
    _write(batch)
    return sum(batch.documents.values())


def rebuild():
    """Forget every count and mark: the next run re-reads the whole corpus (e.g. after moderation)."""
    for model in (TermDayCount, TermDocFreq, TopicAreaDayCount, HighWaterMark):
        model.objects.all().delete()


def compute_snapshots(day):
    """Write the top terms of each period ending on ``day``; unchanged snapshots are left as they are."""
    corpus = HighWaterMark.objects.aggregate(n=Sum("documents"))["n"] or 0
    excluded = stop_words()
    written = 0
    for period, length in PERIOD_DAYS.items():
        start = day - timedelta(days=length - 1)
        prev_start, prev_end = start - timedelta(days=length), start - timedelta(days=1)
        candidates = list(
            TermDayCount.objects.filter(day__range=(start, day))
            .exclude(term__in=excluded)
            .values("term")
            .annotate(docs=Sum("documents"))
            .order_by("-docs", "term")[:CANDIDATES]
        )
        df = dict(
            TermDocFreq.objects.filter(term__in=[c["term"] for c in candidates]).values_list("term", "documents")
        )
        scored = sorted(
            (
                (c["docs"] * (math.log((1 + corpus) / (1 + df.get(c["term"], 0))) + 1), c["term"], c["docs"])
                for c in candidates
            ),
            key=lambda s: (-s[0], s[1]),
        )[:SNAPSHOT_SIZE]
        previous = dict(
            TermDayCount.objects.filter(day__range=(prev_start, prev_end), term__in=[s[1] for s in scored])
            .values("term")
            .annotate(docs=Sum("documents"))
            .values_list("term", "docs")
        )
        wanted = [
            (term, docs, previous.get(term, 0), round(score, 4), rank)
            for rank, (score, term, docs) in enumerate(scored, start=1)
        ]
        current = list(
            HotTermSnapshot.objects.filter(period=period, computed_for=day)
            .order_by("rank")
            .values_list("term", "count", "previous_count", "score", "rank")
        )
        if [tuple(r) for r in current] == wanted:
            continue
        HotTermSnapshot.objects.filter(period=period, computed_for=day).delete()
        HotTermSnapshot.objects.bulk_create(
            HotTermSnapshot(period=period, computed_for=day, term=t, count=c, previous_count=p, score=s, rank=r)
            for t, c, p, s, r in wanted
        )
        written += 1
    return written


def run_hot_terms(day=None, full=False):
    """The job: count what is new, then snapshot. Returns a summary dict, or None if another run holds the lock."""
    day = day or timezone.localdate()
    with job_lock("hot_terms") as lock:
        if lock is None:
            return None
        if full:
            rebuild()
        read = count_new_documents()
        written = compute_snapshots(day)
        lock.last_result = f"read {read}, snapshots written {written} for {day}"
        return {"documents": read, "snapshots": written, "day": day}
