"""gunicorn for Gongzhi: `gunicorn -c deploy/gunicorn.conf.py gongzhi.wsgi` (PYTHONPATH=site).

Sync workers behind the proxy (deploy/varnish.vcl); every value can be overridden from the
environment (GUNICORN_BIND, GUNICORN_WORKERS, ...), e.g. bench/load.py binds its own port.
"""

import multiprocessing
import os
from pathlib import Path

pythonpath = str(Path(__file__).resolve().parent.parent / "site")  # the `gongzhi` package
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Requests are CPU-bound (templates) with short database waits: two workers per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A worker is replaced after this many requests (with jitter, so they do not all restart at once):
# memory a worker grows (caches, fragmentation) is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# A request that takes longer than this is killed (the proxy waits 60 s for a first byte).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5  # the proxy reuses connections
preload_app = True  # import Django once; workers fork with it loaded (less memory, faster restarts)
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
forwarded_allow_ips = "127.0.0.1,::1"  # X-Forwarded-Proto from the local proxy only


def on_starting(server):
    """Refuse to start on settings that fail Django's checks (e.g. production without REDIS_URL)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings.production")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("check")  # raises SystemCheckError: gunicorn exits before forking a worker
