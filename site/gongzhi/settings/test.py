"""Test settings: like dev, but fast password hashing, in-memory email, an index per run."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="gongzhi-media-"))
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR") or tempfile.mkdtemp(prefix="gongzhi-index-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
