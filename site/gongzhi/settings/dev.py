"""Development: the embedded default (SQLite, local files, tasks run at once, console email)."""

from .base import *  # noqa: F401,F403

DEBUG = env_bool("DEBUG", True)  # noqa: F405
INTERNAL_IPS = ["127.0.0.1"]
# The demo staff logins (seed_demo) work without an authenticator app; production requires one.
GONGZHI_STAFF_MFA_REQUIRED = env_bool("GONGZHI_STAFF_MFA_REQUIRED", False)  # noqa: F405
