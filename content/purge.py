"""Which cached pages show an object, and purging them: the one home for both questions.

Every app answers for its own models through the ``gongzhi_cache_paths`` hook (``CACHE_PATHS``:
``fn(obj) -> [path, ...]``, unprefixed Chinese paths); :func:`purge` asks them all, adds each path's
English twin (``/en/…``), makes absolute URLs on every Wagtail site and hands them to
``wagtail.contrib.frontend_cache`` (the proxy and/or the embedded page cache, ``WAGTAILFRONTENDCACHE``)
once the transaction commits, so no reader re-caches the old version in between. Purging a path
purges every query string of it (``?page=2``), in the proxy and in the page cache alike, and what is
kept for the page's panels (content/page_data.py).

Content answers for pages here: the page itself, the pages that list it (its ancestors: section and
home), the department, topic and area pages that list a story, and the feeds.
"""

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from . import page_data
from .hooks import CACHE_PATHS, items

FEED_URL_NAMES = ["content:feed_rss", "content:feed_atom"]


def paths_showing(obj):
    """Every unprefixed path whose page shows ``obj``, as the apps answer it (duplicates removed)."""
    return list(dict.fromkeys(path for path in items(CACHE_PATHS, obj) if path))


def language_variants(path):
    """``path`` in every language of the site: ``/x/`` and ``/en/x/`` (the default has no prefix)."""
    variants = [path]
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            variants.append(f"/{code}{path}")
    return variants


def urls_for(paths):
    """Absolute URLs of ``paths`` in every language on every site's root URL."""
    roots = [site.root_url for site in Site.objects.all()] or [""]
    return [root + variant for root in roots for path in paths for variant in language_variants(path)]


def purge_paths(paths):
    """Purge ``paths`` (unprefixed) from every front-end cache once the current transaction commits, and
    what is kept for their pages (content/page_data.py) now and then."""
    paths = list(dict.fromkeys(path for path in paths if path))
    if paths:
        page_data.forget(paths)

        def after_commit():
            page_data.forget(paths)
            purge_urls_from_cache(urls_for(paths))

        transaction.on_commit(after_commit)


def purge(*objs):
    """Purge every cached page that shows any of ``objs`` (after the commit)."""
    purge_paths([path for obj in objs for path in paths_showing(obj)])


def _reverse(name, **kwargs):
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def page_path(page):
    """The unprefixed path of ``page`` on its site, or None if it has no route."""
    with translation.override(settings.LANGUAGE_CODE):
        parts = page.get_url_parts()
    return parts[2] if parts else None


def page_cache_paths(obj):
    """A page, the pages listing it (its ancestors), its department/topic/area pages and the feeds."""
    if not isinstance(obj, Page):
        return []
    page = obj.specific_deferred
    paths = [page_path(p) for p in page.get_ancestors(inclusive=True).filter(depth__gt=1)]
    paths += [_reverse(name) for name in FEED_URL_NAMES]
    for slug in _slugs(page, "topics"):
        paths.append(_reverse("content:topic", slug=slug))
    for slug in _slugs(page, "departments"):
        paths.append(_reverse("content:department", slug=slug))
    if getattr(page, "issuing_department_id", None):
        paths.append(_reverse("content:department", slug=page.issuing_department.slug))
    if getattr(page, "area_id", None):
        paths += [_reverse("content:area", slug=area.slug) for area in [*page.area.ancestors(), page.area]]
    return paths


def _slugs(page, field):
    related = getattr(page, field, None)
    return [item.slug for item in related.all()] if related is not None else []


def _purge_page(sender, instance, **kwargs):
    purge(instance)


def _purge_old_location(sender, instance, **kwargs):
    # Before the move: the old address and the old parents' listings (after it, post_page_move).
    purge(Page.objects.get(pk=instance.pk))


def connect():
    """Purge on publish, unpublish and move (called from ContentConfig.ready)."""
    page_published.connect(_purge_page, dispatch_uid="content-purge-published")
    page_unpublished.connect(_purge_page, dispatch_uid="content-purge-unpublished")
    pre_page_move.connect(_purge_old_location, dispatch_uid="content-purge-moved-from")
    post_page_move.connect(_purge_page, dispatch_uid="content-purge-moved-to")
