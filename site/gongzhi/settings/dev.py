"""Development: the embedded default (SQLite, local files, tasks run at once, console email)."""

from .base import *  # noqa: F401,F403

DEBUG = env_bool("DEBUG", True)  # noqa: F405
INTERNAL_IPS = ["127.0.0.1"]
