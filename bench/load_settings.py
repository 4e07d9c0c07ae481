"""bench/load.py's settings: production's, plus a bare view to measure the ceiling with.

Everything else is production (PostgreSQL, Redis, the database task backend, Varnish purged by
Wagtail). The load generator speaks plain HTTP on 127.0.0.1 and says X-Forwarded-Proto: https, as a
TLS-terminating proxy would; X-Forwarded-For is trusted so that each simulated reader has its own
address for the per-IP rate limits.
"""

from gongzhi.settings.production import *  # noqa: F401,F403

ROOT_URLCONF = "bench.load_urls"
TRUST_X_FORWARDED_FOR = True
