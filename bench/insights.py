"""Insights benchmark on 100,000 synthetic comments and demands (bulk-created in a throwaway test DB).

Prints: the hot-term job (full, incremental, rerun), the alert job, the SQL queries and render
time of /insights/, /transparency/ and the admin dashboard at two data sizes (the query counts
must match), the detector's delay and false alarms on synthetic Poisson series, and the
department suggestion's top-1 / top-3 accuracy on a held-out 20% of the synthetic routing history.

    .venv/bin/python bench/insights.py [--total 100000] [--runs 5]
"""

import datetime
import random
import statistics
import time

from harness import arguments, build_home, throwaway_database

# topic → (default department, [(department, words that route there)])
TOPICS = {
    "停车": ("城管局", [("城管局", "占道 摊位 车位 地锁 共享单车"), ("交警大队", "违停 拥堵 红绿灯 斑马线 超速")]),
    "垃圾分类": ("城管局", [("城管局", "垃圾桶 清运 分类 厨余 异味"), ("生态环境局", "焚烧 渗滤液 污染 填埋")]),
    "噪音": ("生态环境局", [("生态环境局", "施工 夜间 广场舞 扰民 分贝"), ("公安分局", "酒吧 喧哗 打架 音响")]),
    "供水": ("水务局", [("水务局", "停水 水压 水管 爆管 水质"), ("住建局", "二次供水 水箱 物业 楼顶")]),
    "路灯": ("城管局", [("城管局", "路灯 不亮 照明 线路"), ("供电公司", "停电 电压 变压器 电表")]),
    "公交": ("交通局", [("交通局", "公交 班次 站台 线路 早高峰"), ("交警大队", "拥堵 路口 信号灯")]),
    "物业": ("住建局", [("住建局", "物业费 电梯 维修基金 业委会"), ("市场监管局", "收费 价格 合同 投诉")]),
    "教育": ("教育局", [("教育局", "学位 入学 学区 课后 托管"), ("市场监管局", "培训 退费 机构")]),
    "医疗": ("卫健委", [("卫健委", "挂号 医院 社区医生 疫苗 门诊"), ("医保局", "报销 医保 异地 药费")]),
    "养老": ("民政局", [("民政局", "养老院 助餐 老年人 补贴"), ("卫健委", "护理 医养 体检")]),
    "绿化": ("园林局", [("园林局", "树木 修剪 草坪 公园 倒伏"), ("城管局", "占绿 毁绿 违建")]),
    "施工": ("住建局", [("住建局", "工地 扬尘 围挡 渣土 夜间施工"), ("生态环境局", "扬尘 噪声 污染")]),
}
FILLER = "小区 附近 居民 反映 长期 存在 影响 生活 请求 解决 处理 相关 部门 尽快 落实 希望 关注 情况 严重 每天".split()


def synth_text(rng, topic):
    routes = TOPICS[topic][1]
    dept, words = routes[0] if rng.random() < 0.7 else rng.choice(routes)
    if rng.random() < 0.15:  # routing noise: the department is not what the words suggest
        dept = rng.choice(routes)[0]
    picked = rng.sample(words.split(), k=min(3, len(words.split()))) + rng.sample(FILLER, k=4)
    rng.shuffle(picked)
    return dept, topic + "：" + "，".join(picked)


def build_vocabulary():
    from content.models import Area, Department, Topic

    build_home()
    names = sorted({d for _t, (default, routes) in TOPICS.items() for d in [default] + [r[0] for r in routes]})
    departments = {n: Department.objects.create(name=n, slug=f"d{i}") for i, n in enumerate(names)}
    topics = {
        name: Topic.objects.create(name=name, slug=f"t{i}", default_department=departments[default])
        for i, (name, (default, _routes)) in enumerate(TOPICS.items())
    }
    grids = []
    for d in range(3):
        district = Area.objects.create(name=f"第{d}区", slug=f"a{d}", kind="district")
        for s in range(4):
            street = Area.objects.create(name=f"{d}区{s}街道", slug=f"a{d}-{s}", kind="street", parent=district)
            for c in range(2):
                community = Area.objects.create(name=f"{d}-{s}-{c}社区", slug=f"a{d}-{s}-{c}", kind="community",
                                                parent=street)
                for g in range(2):
                    grids.append(Area.objects.create(name=f"网格{g}", slug=f"a{d}-{s}-{c}-{g}", kind="grid",
                                                     parent=community))
    return departments, topics, grids


def bulk_data(rng, count, start_index, departments, topics, grids, today):
    """``count`` documents: half demands (with their events), half comments, over the last 90 days."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site
    from django.utils import timezone
    from django.db import connection
    from django_comments.models import Comment
    from django_comments_xtd.models import XtdComment

    from engagement.demands.models import Demand, DemandEvent

    tz = timezone.get_current_timezone()
    site = Site.objects.get_current()
    ct = ContentType.objects.get_for_model(Site)
    topic_names = list(topics)
    demands, comments, truth = [], [], []
    for i in range(start_index, start_index + count):
        topic = rng.choice(topic_names)
        dept, text = synth_text(rng, topic)
        when = datetime.datetime.combine(today - datetime.timedelta(days=rng.randrange(90)),
                                         datetime.time(rng.randrange(8, 22), rng.randrange(60)), tzinfo=tz)
        if i % 2 == 0:
            routed = rng.random() < 0.8
            demands.append(Demand(
                tracking_number=f"GZ-2026-{i:07d}", title=text[:40], description=text, topic=topics[topic],
                area=rng.choice(grids), is_public=rng.random() < 0.9, submitted_at=when,
                status="answered" if routed else "submitted",
                department=departments[dept] if routed else None,
                forwarded_at=when if routed else None,
                first_answered_at=when + datetime.timedelta(days=3) if routed else None,
                first_answered_on_time=(rng.random() < 0.85) if routed else None,
            ))
        else:
            comments.append(Comment(
                content_type=ct, object_pk=str(site.pk), site=site, user_name="居民", comment=text,
                submit_date=when, is_public=True, is_removed=False,
            ))
    Demand.objects.bulk_create(demands, batch_size=2000)
    # XtdComment is multi-table: bulk-create the parent rows, then the child rows in one executemany.
    Comment.objects.bulk_create(comments, batch_size=2000)
    table = connection.ops.quote_name(XtdComment._meta.db_table)
    order = connection.ops.quote_name("order")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (comment_ptr_id, thread_id, parent_id, level, {order}, followup, nested_count) "
            "VALUES (%s, %s, %s, 0, 1, %s, 0)",
            [(c.pk, c.pk, c.pk, False) for c in comments],
        )
    events = []
    for d in Demand.objects.filter(tracking_number__in=[d.tracking_number for d in demands]).values(
        "pk", "submitted_at", "department_id", "status"
    ).iterator():
        events.append(DemandEvent(demand_id=d["pk"], action="submitted", to_status="submitted",
                                  created_at=d["submitted_at"]))
        if d["department_id"]:
            events.append(DemandEvent(demand_id=d["pk"], action="forwarded", to_status="forwarded",
                                      department_id=d["department_id"], created_at=d["submitted_at"]))
            events.append(DemandEvent(demand_id=d["pk"], action="answered", to_status="answered",
                                      department_id=d["department_id"],
                                      created_at=d["submitted_at"] + datetime.timedelta(days=rng.randrange(1, 12))))
            if rng.random() < 0.5:
                events.append(DemandEvent(demand_id=d["pk"], action="rated", to_status="closed",
                                          department_id=d["department_id"],
                                          note=rng.choice(["satisfied", "basically_satisfied", "dissatisfied"]),
                                          created_at=d["submitted_at"] + datetime.timedelta(days=13)))
    DemandEvent.objects.bulk_create(events, batch_size=5000)


def measure_pages(client, supervisor, runs):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = {}
    for label, url, user in [("/insights/", "/insights/", None), ("/transparency/", "/transparency/", None),
                             ("admin dashboard", "/admin/insights/", supervisor)]:
        if user:
            client.force_login(user)
        times, queries = [], 0
        client.get(url)  # warm-up: template loading, first-use caches
        for _ in range(runs):
            cache.clear()  # measure the computation, not the page cache
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - t0)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(ctx)
        out[label] = (queries, statistics.median(times))
        client.logout()
    return out


def detector_figures():
    from engagement.insights import detector
    from tests.insights.series import poisson

    rows = []
    for lam in (0.5, 2.0, 5.0, 10.0):
        false_alarms, delays, missed = [], [], 0
        for seed in range(100):
            rng = random.Random(seed * 31 + int(lam * 10))
            series = [poisson(rng, lam) for _ in range(90)]
            false_alarms.append(len(detector.scan_series(series)))
            surged = list(series)
            size = max(6, int(4 * lam ** 0.5 + lam))  # a surge of about 4 σ above the mean, at least 6
            for d in range(70, 77):
                surged[d] += size
            alarms = [a for a in detector.scan_series(surged) if a >= 70]
            if alarms:
                delays.append(alarms[0] - 70)
            else:
                missed += 1
        rows.append((lam, size, statistics.mean(false_alarms), max(false_alarms),
                     statistics.mean(delays) if delays else None, missed))
    return rows


def routing_figures():
    from engagement.insights.routing import features, fit, rank, routed_demands

    rows = list(routed_demands().order_by("pk").values_list("title", "description", "topic_id", "department_id"))
    cut = int(len(rows) * 0.8)
    train_rows, test_rows = rows[:cut], rows[cut:]
    t0 = time.perf_counter()
    params = fit([(features(t, d, tp), dept) for t, d, tp, dept in train_rows])
    fit_s = time.perf_counter() - t0
    top1 = top3 = 0
    t0 = time.perf_counter()
    for t, d, tp, dept in test_rows:
        ranked = [pk for pk, _p in rank(params, features(t, d, tp))]
        top1 += ranked[:1] == [dept]
        top3 += dept in ranked[:3]
    predict_ms = 1000 * (time.perf_counter() - t0) / max(len(test_rows), 1)
    from content.models import Topic

    defaults = dict(Topic.objects.values_list("pk", "default_department_id"))
    baseline = sum(defaults.get(tp) == dept for _t, _d, tp, dept in test_rows)
    n = max(len(test_rows), 1)
    return len(train_rows), len(test_rows), top1 / n, top3 / n, baseline / n, fit_s, predict_ms


def main():
    parser = arguments(runs=5)
    parser.add_argument("--total", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    args = parser.parse_args()

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from content.roles import SUPERVISORS
    from tests.factories import UserFactory

    with throwaway_database():
        from engagement.insights.alerts import run_alerts
        from engagement.insights.hot_terms import run_hot_terms
        from content.text import tokenizer

        tokenizer()  # load jieba's dictionary before timing
        rng = random.Random(2026)
        today = timezone.localdate()
        departments, topics, grids = build_vocabulary()
        supervisor = UserFactory(username="supervisor")
        supervisor.groups.add(Group.objects.get(name=SUPERVISORS))
        client = Client()
        print(f"Insights benchmark ({connection.vendor}; {args.total:,} comments + demands, half each, over 90 days)")

        t0 = time.perf_counter()
        bulk_data(rng, args.small, 0, departments, topics, grids, today)
        run_hot_terms(day=today)
        small_pages = measure_pages(client, supervisor, args.runs)
        bulk_data(rng, args.total - args.small, args.small, departments, topics, grids, today)
        print(f"  data created in {time.perf_counter() - t0:.1f} s")

        rows = []
        t0 = time.perf_counter()
        result = run_hot_terms(day=today, full=True)
        rows.append(("hot-term job, full (re-read everything)", f"{time.perf_counter() - t0:.2f} s",
                     f"{result['documents']:,} documents"))
        bulk_data(rng, 1_000, args.total, departments, topics, grids, today)
        t0 = time.perf_counter()
        result = run_hot_terms(day=today)
        rows.append(("hot-term job, incremental (+1,000 new)", f"{time.perf_counter() - t0:.2f} s",
                     f"{result['documents']:,} documents"))
        t0 = time.perf_counter()
        result = run_hot_terms(day=today)
        rows.append(("hot-term job, rerun (nothing new)", f"{time.perf_counter() - t0:.2f} s",
                     f"{result['snapshots']} snapshots rewritten"))
        t0 = time.perf_counter()
        result = run_alerts(day=today)
        rows.append(("alert job (one day)", f"{time.perf_counter() - t0:.2f} s",
                     f"{result['raised']} raised (uniform synthetic data)"))
        t0 = time.perf_counter()
        from engagement.insights.duplicates import open_demand_groups

        groups = open_demand_groups()
        rows.append(("near-duplicate grouping (≤3,000 open demands)", f"{time.perf_counter() - t0:.2f} s",
                     f"{len(groups)} groups"))
        large_pages = measure_pages(client, supervisor, args.runs)
        for label in small_pages:
            (qs, ts), (ql, tl) = small_pages[label], large_pages[label]
            rows.append((f"{label}: queries / median render", f"{qs} → {ql}",
                         f"{1000 * ts:.0f} ms → {1000 * tl:.0f} ms ({args.small:,} → {args.total:,} docs)"))
        width = max(len(r[0]) for r in rows)
        for r in rows:
            print(f"  {r[0]:<{width}}  {r[1]:>14}  {r[2]}")

        print("\nDetector on synthetic Poisson series (100 series of 90 days per λ; surge from day 70 for 7 days)")
        print(f"  {'λ':>5} {'surge +':>8} {'false alarms/series':>20} {'max':>4} {'mean delay (days)':>18} {'missed':>7}")
        for lam, size, fa, fa_max, delay, missed in detector_figures():
            print(f"  {lam:>5} {size:>8} {fa:>20.2f} {fa_max:>4} {('%.2f' % delay) if delay is not None else '–':>18} {missed:>7}")

        n_train, n_test, top1, top3, baseline, fit_s, predict_ms = routing_figures()
        print(f"\nDepartment suggestion (naive Bayes; trained on {n_train:,}, held out {n_test:,})")
        print(f"  top-1 accuracy {top1:.1%}, top-3 accuracy {top3:.1%} "
              f"(topic's default department alone: {baseline:.1%}); fit {fit_s:.1f} s, {predict_ms:.2f} ms per suggestion")


if __name__ == "__main__":
    main()
