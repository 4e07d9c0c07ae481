"""Load test of the production stack on this machine (locust 2.x as a library: headless, bounded).

Starts PostgreSQL's database gz_cache_load (on the running server), Redis db 5, gunicorn
(deploy/gunicorn.conf.py), one task worker per queue and Varnish (deploy/varnish.vcl), seeds 10,000
demands and 1,000 comments on one story (bench/load_seed.py), then measures, all on 127.0.0.1:

1. the ceiling: a bare Django view (bench/load_urls.py) through the proxy;
2. anonymous pages as the proxy serves them (cached);
3. the article uncached (straight to gunicorn), and ``--peer URL`` (e.g. bakerydemo's blog page);
4. the mix for ``--duration`` seconds: 80 % anonymous reads of home / section / article / policy /
   demands / search (each followed by the /_me/ call a browser makes), 15 % logged-in comments, votes
   and ratings, 5 % demand submissions with a photo.

Prints req/s and p50/p95/p99 per page, errors, the proxy's hit rate. Not a test.

    .venv/bin/python bench/load.py [--duration 60] [--users 12] [--phase 10] [--peer URL]
"""

import argparse
import io
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, constant, task  # noqa: E402  (patches the standard library for gevent)
from locust.env import Environment

import gevent

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
from deploy.varnish import start_varnish, stop, wait_for_port  # noqa: E402

GUNICORN_PORT, PROXY_PORT = 8115, 8117
DATABASE = "gz_cache_load"
PROXY = f"http://127.0.0.1:{PROXY_PORT}"
DIRECT = f"http://127.0.0.1:{GUNICORN_PORT}"
QUEUES = ["notifications", "default", "index", "insights"]
READS = ["home", "section", "article", "policy", "demands", "search"]


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of the mix")
    parser.add_argument("--phase", type=int, default=10, help="seconds of each single-URL measurement")
    parser.add_argument("--users", type=int, default=12, help="simulated visitors (closed loop, no think time)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--var", help="directory for static files, media, index (kept: a rerun skips collectstatic)")
    parser.add_argument("--peer", help="a bakerydemo page to measure the same way, e.g. http://127.0.0.1:8119/blog/x/")
    return parser.parse_args()


def environment(tmp):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp),
        "DJANGO_SETTINGS_MODULE": "bench.load_settings", "PYTHONPATH": f"{ROOT / 'site'}:{ROOT}",
        "SECRET_KEY": "load-" + secrets.token_urlsafe(40), "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}", "DB_CONN_MAX_AGE": "60",
        "REDIS_URL": "redis://127.0.0.1:6379/5", "FRONTEND_CACHE_PURGE_URL": PROXY,
        "GONGZHI_VAR_DIR": str(tmp), "STATIC_ROOT": str(tmp / "static"), "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"), "SEARCH_INDEX_DIR": str(tmp / "index"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend", "LOG_LEVEL": "ERROR",
        "GUNICORN_BIND": f"127.0.0.1:{GUNICORN_PORT}",
    }


def prepare(env):
    import psycopg
    import redis

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    python = sys.executable
    if not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
        subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    started = time.monotonic()
    out = subprocess.run([python, "bench/load_seed.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"seeding failed:\n{out.stderr[-3000:]}")
    print(f"seeded in {time.monotonic() - started:.0f} s")
    # Planner statistics, as autovacuum keeps them on a database in service: without them PostgreSQL plans the
    # freshly loaded tables as if they were empty.
    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("ANALYZE")
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_stack(env, workers, tmp):
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    procs = [subprocess.Popen([gunicorn, "-c", "deploy/gunicorn.conf.py", "gongzhi.wsgi"], cwd=ROOT,
                              env={**env, "GUNICORN_WORKERS": str(workers)}, stderr=subprocess.DEVNULL)]
    for queue in QUEUES:
        procs.append(subprocess.Popen([sys.executable, "manage.py", "db_worker", "--queue-name", queue,
                                       "--no-startup-delay", "--no-reload"], cwd=ROOT, env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        wait_for_port(GUNICORN_PORT, timeout=300)  # the system checks and the preload, on a busy machine
        procs.append(start_varnish(GUNICORN_PORT, PROXY_PORT, memory="128m", workdir=tmp / "varnish"))
    except BaseException:
        for process in procs:
            stop(process)
        raise
    return procs


def photo():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 200)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def run(user_class, users, seconds, host):
    env = Environment(user_classes=[user_class], host=host)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(seconds)
    runner.quit()
    return env.stats


def single(url, users, seconds, host):
    class One(HttpUser):
        wait_time = constant(0)

        @task
        def get(self):
            self.client.get(url, name=url, headers=forwarded(self))

    stats = run(One, users, seconds, host)
    return stats.total.num_requests / seconds, stats.total.num_failures, stats.total


def forwarded(user):
    """What a TLS proxy adds: the scheme, and this visitor's own address (per-IP rate limits)."""
    if not hasattr(user, "ip"):
        user.ip = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
    return {"X-Forwarded-Proto": "https", "X-Forwarded-For": user.ip}


def mix_user(seed):
    image = photo()
    hits = {"hit": 0, "miss": 0}

    class Visitor(HttpUser):
        wait_time = constant(0)

        def resident_headers(self):
            session = random.choice(seed["sessions"])
            token = secrets.token_hex(16)  # a CSRF secret of our own: cookie and header agree
            # A different address per write: residents post from their own connections (per-IP limits).
            address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
            return {"X-Forwarded-Proto": "https", "X-Forwarded-For": address, "Cookie": f"sessionid={session}; csrftoken={token}", "X-CSRFToken": token,
                    "Origin": f"https://127.0.0.1:{PROXY_PORT}", "Referer": f"https://127.0.0.1:{PROXY_PORT}/"}

        def post(self, name, url, data, files=None):
            with self.client.post(url, data=data, files=files, name=name, headers=self.resident_headers(),
                                  allow_redirects=False, catch_response=True) as response:
                location = response.headers.get("Location", "")
                if response.status_code != 302 or "/accounts/login/" in location:
                    response.failure(f"{response.status_code} {location}")

        @task(80)
        def read(self):
            page = random.choice(READS)
            response = self.client.get(seed["pages"][page], name=page, headers=forwarded(self))
            hits["hit" if response.headers.get("X-Cache") == "hit" else "miss"] += 1
            self.client.get("/_me/", name="/_me/ (after each read)", headers=forwarded(self))

        @task(15)
        def write(self):
            kind = random.choice(["comment", "vote", "rating"] if seed["vote_url"] else ["comment", "rating"])
            if kind == "comment":
                self.post("POST comment", seed["comment_url"], {"comment": f"负载测试评论 {secrets.token_hex(4)}"})
            elif kind == "vote":
                self.post("POST vote", seed["vote_url"], {"choice": random.choice(seed["poll_choices"])})
            else:
                self.post("POST rating", seed["rate_url"], {"score": random.randint(1, 5), "satisfaction": "satisfied"})

        @task(5)
        def submit_demand(self):
            self.post("POST demand + photo", "/demands/new/", {
                "topic": seed["topic"], "area": seed["grid"], "kind": "enquiry", "title": "小区门口路灯不亮",
                "description": "负载测试：小区门口的路灯已经三天不亮了。", "is_public": "1", "contact_name": "王小明",
                "contact_email": "load@example.com", "privacy_consent": "on",
            }, files={"photos": ("lamp.jpg", image, "image/jpeg")})

    return Visitor, hits


def row(name, entry, seconds):
    pct = entry.get_response_time_percentile
    return (f"| {name} | {entry.num_requests / seconds:,.1f} | {pct(0.5):.0f} | {pct(0.95):.0f} | {pct(0.99):.0f} "
            f"| {entry.num_failures} |")


def main():
    args = arguments()
    tmp = Path(args.var or tempfile.mkdtemp(prefix="gz-cache-load-"))
    tmp.mkdir(parents=True, exist_ok=True)
    tmp.chmod(0o755)
    env = environment(tmp)
    seed = prepare(env)
    procs = start_stack(env, args.workers, tmp)
    try:
        for page in seed["pages"].values():  # warm the proxy and each worker's caches
            for _ in range(args.workers + 1):
                subprocess.run(["curl", "-s", "-o", "/dev/null", "-H", "X-Forwarded-Proto: https", PROXY + page])
        ceiling, ceiling_errors, _ = single("/_bench/bare/", args.users, args.phase, PROXY)
        cached = {}
        for page in ["home", "article"]:
            cached[page] = single(seed["pages"][page], args.users, args.phase, PROXY)
        uncached, uncached_errors, uncached_entry = single(seed["pages"]["article"], args.users, args.phase, DIRECT)
        peer = None
        if args.peer:
            parts = urlsplit(args.peer)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            peer = single(path or "/", args.users, args.phase, f"{parts.scheme}://{parts.netloc}")
        visitor, hits = mix_user(seed)
        stats = run(visitor, args.users, args.duration, PROXY)
    finally:
        for process in reversed(procs):
            stop(process)

    print(f"\nGongzhi under load: {args.users} visitors, {args.workers} gunicorn workers, "
          f"{os.cpu_count()} cores (shared), 127.0.0.1\n")
    print("| measured alone | req/s | errors |\n| --- | ---: | ---: |")
    print(f"| bare Django view through the proxy (ceiling) | {ceiling:,.0f} | {ceiling_errors} |")
    for page, (rps, errors, _) in cached.items():
        print(f"| {page}, anonymous, from the proxy's cache | {rps:,.0f} ({rps / ceiling:.2f}× ceiling) | {errors} |")
    print(f"| article uncached (gunicorn direct) | {uncached:,.1f} | {uncached_errors} |")
    if peer:
        print(f"| peer {args.peer} uncached | {peer[0]:,.1f} (article/peer {uncached / peer[0]:.2f}×) | {peer[1]} |")
    print(f"\nThe mix, {args.duration} s:\n")
    print("| request | req/s | p50 ms | p95 ms | p99 ms | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |")
    for (name, _method), entry in sorted(stats.entries.items()):
        print(row(name, entry, args.duration))
    print(row("**all**", stats.total, args.duration))
    total = hits["hit"] + hits["miss"]
    print(f"\nproxy hit rate on anonymous reads: {hits['hit'] / max(total, 1):.1%} ({hits['hit']} of {total})")
    print(f"errors: {stats.total.num_failures}")
    for error in list(stats.errors.values())[:10]:
        print("  ", error.method, error.name, error.error, error.occurrences)


if __name__ == "__main__":
    main()
