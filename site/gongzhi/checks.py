"""System checks of the deployment: production refuses to run on per-process state.

Rate-limit counters, the caches (renditions, transparency, insights) and the sessions' cache must be
shared by every gunicorn worker and every app server, or each worker counts and caches on its own
(limits multiply by the worker count, a purge reaches one worker). Production settings set
``GONGZHI_REQUIRE_SHARED_STATE``; then no REDIS_URL (a local-memory cache) is an error, and
``manage.py`` commands and gunicorn (deploy/gunicorn.conf.py runs the checks) refuse to start.
"""

from django.conf import settings
from django.core.checks import Error, register

PER_PROCESS_BACKENDS = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")


@register("gongzhi")
def shared_state(app_configs, **kwargs):
    if not getattr(settings, "GONGZHI_REQUIRE_SHARED_STATE", False):
        return []
    errors = []
    if not getattr(settings, "REDIS_URL", None):
        errors.append(Error(
            "Production needs REDIS_URL: rate limits, caches and sessions must be shared by all workers.",
            hint="Set REDIS_URL=redis://host:6379/0 (see README, Production).", id="gongzhi.E001",
        ))
    for alias, config in settings.CACHES.items():
        if config["BACKEND"] in PER_PROCESS_BACKENDS:
            errors.append(Error(f"The cache {alias!r} is per process ({config['BACKEND']}).",
                                hint="Use Redis (REDIS_URL) for every cache in production.", id="gongzhi.E002"))
    return errors
