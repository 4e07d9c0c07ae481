"""Search benchmark: the Whoosh backend (search/) next to Wagtail's database backend.

Creates N synthetic mixed Chinese/English Department rows (an indexed Gongzhi model: name with
boost 3 + AutocompleteField, description) in a throwaway test database, indexes them through
each backend's rebuilder in chunks of 1,000 (what ``update_index`` does), and prints: indexing throughput,
index size, p50/p95 latency over 200 queries (first 10 results, model instances included), and
recall on a fixed set of 30 Chinese two-character queries (every document containing the
two characters must be found).

First it measures relevance: the demo site (seed_demo, 1,000 demands) and the 30 judged queries of
``bench/search_judgements.py`` through the search page's ranking, NDCG@10 per query and the mean.

With --compare-analyzers it also builds three bare Whoosh indexes on a sample (words only,
bigrams only, words + bigrams) and prints recall / size / latency for each (search/README.md).

    .venv/bin/python bench/search.py [--docs 50000] [--compare-analyzers] [--sample 5000]
                                     [--skip-relevance] [--relevance-only] [--verbose]
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings.test")

WORDS = (
    "停车 难 问题 垃圾 分类 小区 物业 电梯 加装 老旧 改造 噪音 扰民 道路 维修 路灯 不亮 绿化 养护 占道 经营 "
    "违章 搭建 消防 通道 堵塞 共享 单车 乱停 公交 线路 调整 学校 周边 交通 拥堵 菜市场 环境 卫生 污水 排放 "
    "空气 质量 供暖 不足 自来水 停水 燃气 安全 隐患 社区 医院 挂号 养老 服务 托育 机构 就业 补贴 社保 办理 "
    "充电桩 建设 新能源 汽车 快递 柜 设置 外卖 电动车 头盔 广场舞 健身 器材 公园 开放 时间 河道 治理 "
    "违规 收费 装修 施工 夜间 工地 渣土 车辆 遗撒 井盖 破损 积水 排水 树木 修剪 宠物 管理 流浪 动物"
).split()
ENGLISH = (
    "parking permit waste sorting recycling elevator retrofit noise complaint street lights repair green "
    "space traffic congestion bus route school safety water supply heating gas inspection community clinic "
    "elderly care childcare subsidy employment hotline response policy reform district office service"
).split()

# 30 two-character queries: whole words, and pieces that straddle word boundaries (车难, 圾分, 难问…)
QUERIES_2 = [
    "停车", "车难", "难问", "垃圾", "圾分", "分类", "电梯", "梯加", "老旧", "噪音", "扰民", "路灯", "灯不",
    "占道", "违章", "消防", "通道", "共享", "单车", "公交", "拥堵", "污水", "供暖", "燃气", "养老", "托育",
    "社保", "充电", "快递", "井盖",
]


def general_vocabulary(limit=30_000):
    """jieba's dictionary words (2–4 Han characters), most frequent first: Zipf-like general text."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and 2 <= len(parts[0]) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in parts[0]):
                rows.append((int(parts[1]), parts[0]))
    rows.sort(reverse=True)
    return [w for _f, w in rows[:limit]]


def synthetic_docs(n, seed=7):
    """Civic vocabulary (about a third of the words) mixed into Zipf-distributed general words
    and some English: a small civic vocabulary alone would put every query word in 10% of the
    documents, which no real corpus does."""
    rng = random.Random(seed)
    general = general_vocabulary()
    weights = [1 / (rank + 1) for rank in range(len(general))]
    docs = []
    pool = rng.choices(general, weights=weights, k=n * 30)
    cursor = 0

    def word():
        nonlocal cursor
        r = rng.random()
        if r < 0.3:
            return rng.choice(WORDS)
        if r < 0.9:
            cursor += 1
            return pool[cursor % len(pool)]
        return rng.choice(ENGLISH)

    for i in range(n):
        title_words = rng.sample(WORDS, 2) + [word() for _ in range(rng.randint(1, 3))]
        rng.shuffle(title_words)
        desc = [word() for _ in range(rng.randint(12, 30))]
        sep = rng.choice(["", "，", " "])
        name = "".join(w for w in title_words if not w.isascii()) + f"{i}号"
        description = sep.join(desc[:6]) + "。" + " ".join(desc[6:])
        docs.append((name, f"b{i}", description))
    return docs


def truth_for(docs, q):
    return {slug for name, slug, desc in docs if q in name or q in desc}


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


def query_mix(rng):
    qs = list(QUERIES_2)
    while len(qs) < 200:
        r = rng.random()
        if r < 0.4:
            qs.append("".join(rng.sample(WORDS, 2)))
        elif r < 0.7:
            qs.append(rng.choice(WORDS) + " " + rng.choice(WORDS))
        elif r < 0.85:
            qs.append(rng.choice(ENGLISH))
        else:
            qs.append(rng.choice(WORDS) + " " + rng.choice(ENGLISH))
    return qs


def sqlite_bytes(connection):
    with connection.cursor() as c:
        c.execute("PRAGMA page_count")
        pages = c.fetchone()[0]
        c.execute("PRAGMA page_size")
        return pages * c.fetchone()[0]


def index_size(backend_name, backend, connection):
    if backend_name == "whoosh":
        return backend.store.size_bytes()
    if connection.vendor == "sqlite":
        return None  # measured as a file-size delta by the caller
    with connection.cursor() as c:
        c.execute("SELECT pg_total_relation_size('modelsearch_indexentry')")
        return c.fetchone()[0]


def run_backend(label, backend, docs, connection, chunk=1000):
    from content.models import Department

    backend.reset_indexes()
    objs = list(Department.objects.order_by("pk"))
    before = sqlite_bytes(connection) if connection.vendor == "sqlite" else None
    t0, c0 = time.perf_counter(), time.process_time()
    # what `manage.py update_index` does: a rebuilder's index, chunks of 1,000, finish()
    index = backend.get_index_for_model(Department)
    rebuilder = backend.rebuilder_class(index) if backend.rebuilder_class else None
    target = rebuilder.start() if rebuilder else index
    target.add_model(Department)
    for i in range(0, len(objs), chunk):
        target.add_items(Department, objs[i : i + chunk])
    if rebuilder:
        rebuilder.finish()
    backend.refresh_indexes()
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    size = index_size(label, backend, connection)
    if size is None and before is not None:
        size = sqlite_bytes(connection) - before

    # recall on the two-character set: every containing document must come back
    recalls = []
    for q in QUERIES_2:
        truth = truth_for(docs, q)
        found = {d.slug for d in backend.search(q, Department)} if truth else set()
        recalls.append(len(found & truth) / len(truth) if truth else 1.0)

    rng = random.Random(11)
    latencies, cpu_latencies = [], []
    for q in query_mix(rng):
        t, c = time.perf_counter(), time.process_time()
        list(backend.search(q, Department, operator="and")[:10])
        latencies.append((time.perf_counter() - t) * 1000)
        cpu_latencies.append((time.process_time() - c) * 1000)
    return {
        "backend": label,
        "docs/s": len(objs) / elapsed,
        "docs/cpu-s": len(objs) / cpu,
        "cpu p50 ms": percentile(cpu_latencies, 50),
        "index MB": size / 1e6 if size else float("nan"),
        "p50 ms": percentile(latencies, 50),
        "p95 ms": percentile(latencies, 95),
        "recall": statistics.mean(recalls),
        "min recall": min(recalls),
    }


def compare_analyzers(docs):
    """Bare Whoosh indexes with each analysis mode on the same sample."""
    from whoosh import query as wq
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.index import create_in

    from search.analysis import BIGRAMS, COMBINED, WORDS, query_units, text_analyzer

    rows = []
    for mode in (WORDS, BIGRAMS, COMBINED):
        tmp = tempfile.mkdtemp(prefix=f"bench-{mode}-")
        ix = create_in(tmp, Schema(slug=ID(stored=True), text=TEXT(analyzer=text_analyzer(mode))))
        t0 = time.perf_counter()
        w = ix.writer(limitmb=256)
        for name, slug, desc in docs:
            w.add_document(slug=slug, text=f"{name}\n{desc}")
        w.commit(optimize=True)
        rate = len(docs) / (time.perf_counter() - t0)
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())

        def build(q):
            parts = []
            for u in query_units(q, mode=mode):
                if u.kind == "latin":
                    parts.append(wq.Term("text", u.term))
                    continue
                req = [wq.Term("text", b) for b in u.bigrams] or [wq.Term("text", w_) for w_ in u.words]
                opt = [wq.Term("text", w_, boost=2.0) for w_ in u.words if len(w_) > 1] if mode == COMBINED else []
                q_ = wq.And(req) if len(req) > 1 else req[0]
                if opt and [w_ for w_ in u.words if len(w_) > 1] == [u.text]:
                    parts.append(wq.Or([q_] + opt))
                else:
                    parts.append(wq.AndMaybe(q_, wq.Or(opt)) if opt else q_)
            return wq.And(parts) if len(parts) > 1 else parts[0]

        recalls, lat = [], []
        with ix.searcher() as s:
            for q in QUERIES_2:
                truth = truth_for(docs, q)
                found = {h["slug"] for h in s.search(build(q), limit=None)}
                recalls.append(len(found & truth) / len(truth) if truth else 1.0)
            for q in query_mix(random.Random(11)):
                t = time.perf_counter()
                s.search(build(q), limit=10)
                lat.append((time.perf_counter() - t) * 1000)
            terms = s.reader().field_length("text")
        rows.append({
            "analysis": mode, "recall": statistics.mean(recalls), "min recall": min(recalls),
            "index MB": size / 1e6, "postings": terms, "docs/s": rate,
            "p50 ms": percentile(lat, 50), "p95 ms": percentile(lat, 95),
        })
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


def table(rows):
    keys = list(rows[0])
    widths = {k: max(len(k), *(len(fmt(r[k])) for r in rows)) for k in keys}
    print("  ".join(k.ljust(widths[k]) for k in keys))
    for r in rows:
        print("  ".join(fmt(r[k]).ljust(widths[k]) for k in keys))


def fmt(v):
    if isinstance(v, float):
        return f"{v:,.3f}" if v < 10 else f"{v:,.0f}"
    return str(v)


def relevance(args, settings, get_app_config):
    """NDCG@10 of the judged queries over the demo collection (bench/search_judgements.py)."""
    from search_judgements import judge, seed_collection

    rel_dir = tempfile.mkdtemp(prefix="bench-search-relevance-")
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend", "PATH": rel_dir}}
    get_app_config.cache_clear()
    try:
        t0 = time.perf_counter()
        seed_collection()
        print(f"Relevance: demo site + 1,000 demands seeded and indexed in {time.perf_counter() - t0:.0f} s")
        rows = judge()
        for query, score, titles in rows:
            print(f"  {score:.3f}  {query}")
            if args.verbose:
                for i, title in enumerate(titles, 1):
                    print(f"           {i:>2}. {title}")
        print(f"NDCG@10 over {len(rows)} judged queries: {statistics.mean(r[1] for r in rows):.3f} "
              f"(min {min(r[1] for r in rows):.3f})")
        print()
    finally:
        shutil.rmtree(rel_dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--compare-analyzers", action="store_true")
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--skip-database", action="store_true", help="only the Whoosh backend")
    parser.add_argument("--skip-relevance", action="store_true", help="no judged queries")
    parser.add_argument("--relevance-only", action="store_true", help="only the judged queries")
    parser.add_argument("--verbose", action="store_true", help="the top 10 of every judged query")
    args = parser.parse_args()

    index_dir = tempfile.mkdtemp(prefix="bench-search-index-")
    os.environ["SEARCH_INDEX_DIR"] = index_dir

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from content.text import tokenizer

    tokenizer()  # load the dictionary outside the timings (once per process)
    docs = synthetic_docs(args.docs)

    if args.compare_analyzers:
        sample = docs[: args.sample] if args.sample <= len(docs) else synthetic_docs(args.sample)
        print(f"Analyzer comparison on {len(sample):,} documents (bare Whoosh, one field):")
        table(compare_analyzers(sample))
        print()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from modelsearch.conf import get_app_config
        from wagtail.search.backends import get_search_backend

        from content.models import Department

        if not args.skip_relevance:
            relevance(args, settings, get_app_config)
            if args.relevance_only:
                return
        # no automatic indexing while the rows are bulk-created
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {"BACKEND": "search.backend", "PATH": index_dir, "AUTO_UPDATE": False},
            "database": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False},
        }
        get_app_config.cache_clear()
        Department.objects.bulk_create(
            [Department(name=n, slug=s, description=d) for n, s, d in docs], batch_size=2000
        )
        rows = [run_backend("whoosh", get_search_backend("default"), docs, connection)]
        if not args.skip_database:
            db = get_search_backend("database")
            rows.append(run_backend(f"database ({type(db).__name__})", db, docs, connection))
        print(f"Search benchmark: {len(docs):,} mixed Chinese/English documents ({connection.vendor}), "
              f"200 queries (first 10 results), recall over 30 Chinese 2-character queries")
        table(rows)
        print(f"(wall-clock figures include waiting for the CPU; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} CPUs — cpu columns count this process's CPU time only)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(index_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
