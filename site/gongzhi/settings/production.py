"""Production: PostgreSQL, Redis, a task worker, gunicorn behind a proxy. All from the environment.

Required: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, REDIS_URL. Usual: FRONTEND_CACHE_PURGE_URL, EMAIL_*, MEDIA_ROOT,
STATIC_ROOT, TASKS_BACKEND (defaults to the database backend, run `manage.py db_worker`),
SEARCH_URL (an Elasticsearch/OpenSearch cluster instead of the local Whoosh index).
"""

import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": TASKS["default"]["QUEUES"],  # noqa: F405  (base.py: one worker per queue)
    }
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365  # hashed file names: far-future caching is safe

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
GONGZHI_STAFF_MFA_REQUIRED = True  # Moderators, department staff, Supervisors, superusers: TOTP
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override this with SAMEORIGIN themselves

# --- Shared state and page caching (issue 14; README, Production) -------------------------------
# Every worker shares Redis: gongzhi/checks.py refuses these settings without REDIS_URL.
GONGZHI_REQUIRE_SHARED_STATE = True
# Sessions in Redis, written through to the database (a Redis restart logs nobody out).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The proxy (deploy/varnish.vcl, purged through FRONTEND_CACHE_PURGE_URL) is the page cache; the
# in-process one stays for a production without a proxy.
GONGZHI_PAGE_CACHE = env_bool("GONGZHI_PAGE_CACHE", "proxy" not in WAGTAILFRONTENDCACHE)  # noqa: F405

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
