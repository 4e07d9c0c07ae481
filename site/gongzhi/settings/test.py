"""Test settings: like dev, but fast password hashing, in-memory email, an index per run."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="gongzhi-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="gongzhi-private-media-"))
# One index per run and per xdist worker (Whoosh indexes must not be shared between workers).
_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
SEARCH_INDEX_DIR = (
    Path(os.environ["SEARCH_INDEX_DIR"]) / _worker
    if os.environ.get("SEARCH_INDEX_DIR")
    else Path(tempfile.mkdtemp(prefix=f"gongzhi-index-{_worker}-"))
)
if not SEARCH_URL:  # noqa: F405
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend", "PATH": SEARCH_INDEX_DIR}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Axes stays on (tests log in with force_login, or post to the login page with REMOTE_ADDR); staff
# 2FA enrolment is off except in tests/residents/test_login_security.py, which turns it on.
GONGZHI_STAFF_MFA_REQUIRED = False
# Page caching: the headers are on as everywhere, but the embedded page cache is off, so that a test
# which changes data and reads the page again sees the change; tests/content/test_page_caching.py
# turns it on. No proxy to purge (FRONTEND_CACHE_PURGE_URL is only set by the proxy test).
GONGZHI_PAGE_CACHE = False
