"""Site-wide lookups every public page repeats, cached across requests: the request's Site (with its
root page, specific), the site's settings (SiteIdentity, ...), the header's sections, the topics and
departments, the locales, the page type at a URL path, and whether any page has a view restriction at all.

Each of them is one or two queries per request and changes only when an editor publishes, moves or
deletes a page, restricts one, or edits the site, its settings, a topic, a department or a locale; those
events bump one version number (:func:`forget`), so a cached value is never older than the last such
save in this cache.
The entries also expire after ``TTL`` seconds: with a per-process cache (no ``REDIS_URL``) another
worker's bump is not seen, and that bounds how stale its header can be.

A page asks a dozen of these; each from Redis is a round trip (about a millisecond with redis-py's client).
So a request reads the version once (``SitewideMiddleware``) and each worker keeps what it read from the
shared cache in memory, under the same versioned key, for ``LOCAL_TTL`` seconds: a bump by any worker
changes the key, so the next request everywhere asks the shared cache again. The first version is random,
not 1: a cleared cache (FLUSHDB, a test's ``cache.clear()``) starts a version no worker has kept values for.
Kept values are pickled and each use gets its own copy: a request may set attributes on what it gets.

``SitewideMiddleware`` fills ``request._wagtail_site`` (where ``Site.find_for_request`` looks first)
and each site setting's request attribute, so Wagtail's own lookups find them.
"""

import hashlib
import pickle
import secrets
import time
from contextvars import ContextVar

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

TTL = 60
LOCAL_TTL = 10
LOCAL_MAX = 1_000
VERSION_KEY = "sitewide:version"

_request_version = ContextVar("sitewide_version", default=None)
_kept = {}  # versioned key -> (monotonic expiry, pickled value): this worker's copies (see the docstring)


def _read_version():
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, secrets.randbits(48), timeout=None)
        value = cache.get(VERSION_KEY)
    return value


def version():
    """The current version: read once per request (SitewideMiddleware), else from the cache each time."""
    value = _request_version.get()
    return value if value is not None else _read_version()


def forget(**kwargs):
    """Drop every cached site-wide lookup (a signal receiver: a page, restriction, site or setting changed)."""
    try:
        value = cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs from the old one
        value = secrets.randbits(48)
        cache.set(VERSION_KEY, value, timeout=None)
    if _request_version.get() is not None:  # the rest of this request reads the new version too
        _request_version.set(value)


def _keep(key, value):
    if len(_kept) >= LOCAL_MAX:
        _kept.clear()
    _kept[key] = (time.monotonic() + LOCAL_TTL, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def _kept_value(key):
    entry = _kept.get(key)
    if entry is None or entry[0] < time.monotonic():
        return None
    return pickle.loads(entry[1])


def cached(name, compute, *, per_worker=True):
    """``compute()``, or what it returned under the current version. ``per_worker=False`` for what is
    asked per page (a thousand pages would crowd the worker's few copies out): only the shared cache."""
    key = f"sitewide:{version()}:{name}"
    value = _kept_value(key) if per_worker else None
    if value is not None:
        return value
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(key, value, TTL)
    if value is not None and per_worker:
        _keep(key, value)
    return value


def _load_site(hostname, port):
    site = Site._find_for_request(_HostOnly(hostname, port))
    if site is not None:
        # The specific root page (pickled with the site): Wagtail routes from ``root_page.localized``,
        # which the home page answers from the cached locales (content/locales.py), without a query.
        site.root_page = site.root_page.specific
    return site


class _HostOnly:
    def __init__(self, hostname, port):
        self.hostname, self.port = hostname, port

    def _get_raw_host(self):
        return self.hostname

    def get_port(self):
        return self.port


def site_for(request):
    """The request's Site (as ``Site.find_for_request`` would find it), its root page loaded."""
    try:
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
    except DisallowedHost:
        return None
    return cached(f"site:{hostname}:{port}", lambda: _load_site(hostname, port))


def site_settings_models():
    """Every registered per-site setting (SiteIdentity, the comments' settings...): apps register
    them with Wagtail, so content needs to know none of them."""
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.contrib.settings.registry import registry

    return [model for model in registry if issubclass(model, BaseSiteSetting)]


def site_setting(model, site):
    """The site's ``model`` setting (created with its defaults on first use, as Wagtail does)."""
    return cached(f"setting:{model._meta.label_lower}:{site.pk}", lambda: model.for_site(site))


def sections(site, root=None):
    """Live, public sections under the site's root page (or under ``root``, its translation in the
    language being read), for the header."""
    from .models import SectionPage

    root = root or site.root_page
    return cached(f"sections:{site.pk}:{root.pk}", lambda: list(
        public(SectionPage.objects.live()).child_of(root)
        .only("id", "title", "url_path", "path", "depth", "locale_id")
    ))


def any_view_restrictions():
    """Whether any page has a view restriction (password, login, groups). Usually none: then no page
    needs its ancestors' restrictions looked up (two queries, asked several times per page)."""
    return cached("restricted", lambda: "yes" if PageViewRestriction.objects.exists() else "no") == "yes"


def public(pages):
    """``pages.public()`` — which asks for every view restriction each time — or, when no page is
    restricted, ``pages`` as they are (the same rows, no query)."""
    return pages.public() if any_view_restrictions() else pages


def locales():
    """Every Locale (Chinese, English), by language code."""
    return cached("locales", lambda: {locale.language_code: locale for locale in Locale.objects.all()})


def page_at(url_path):
    """The specific page whose URL path is ``url_path`` (``/home/news/parking/``), or None.

    Its page type is remembered, so a warm lookup reads the page from its own table in one query (not
    the generic row, then the specific one). Only the type is cached: the row is always read fresh.
    """
    from django.contrib.contenttypes.models import ContentType

    key = f"sitewide:{version()}:page-type:{hashlib.sha256(url_path.encode()).hexdigest()}"
    model = None
    content_type_id = _kept_value(key) or cache.get(key)
    if content_type_id:
        _keep(key, content_type_id)
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:  # content types recreated since (a test database flushed)
            pass
    if model is not None and (page := model.objects.filter(url_path=url_path).first()) is not None:
        return page
    page = Page.objects.filter(url_path=url_path).first()
    if page is None:
        return None
    cache.set(key, page.content_type_id, TTL)
    _keep(key, page.content_type_id)
    return page.specific


def topics():
    """Every topic, by name (the search page's filters and facets)."""
    from .models import Topic

    return cached("topics", lambda: list(Topic.objects.all()))


def departments():
    """Every department, by name."""
    from .models import Department

    return cached("departments", lambda: list(Department.objects.all()))


class SitewideMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set(_read_version())
        try:
            site = site_for(request)
            if site is not None:
                request._wagtail_site = site
                for model in site_settings_models():  # where BaseSiteSetting.for_request looks first
                    setting = site_setting(model, site)
                    setting._request = request
                    setattr(request, model.get_cache_attr_name(), setting)
            return self.get_response(request)
        finally:
            _request_version.reset(token)


def connect():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget, dispatch_uid=f"sitewide-{id(signal)}")
    from .models import Department, Topic

    for model in (Site, PageViewRestriction, Topic, Department, Locale):
        post_save.connect(forget, sender=model, dispatch_uid=f"sitewide-save-{model._meta.label}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"sitewide-delete-{model._meta.label}")
    for model in site_settings_models():
        post_save.connect(_setting_saved, sender=model, dispatch_uid=f"sitewide-save-{model._meta.label}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"sitewide-delete-{model._meta.label}")
    post_save.connect(_page_saved, dispatch_uid="sitewide-page-save")
    post_delete.connect(_page_saved, dispatch_uid="sitewide-page-delete")


def _setting_saved(sender, created=False, **kwargs):
    # A setting created with its defaults (by the first lookup, site_setting) replaces nothing cached.
    if not created:
        forget()


def _page_saved(sender, **kwargs):
    if issubclass(sender, Page):
        forget()
