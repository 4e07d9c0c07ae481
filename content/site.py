"""The site's one public address (settings.SITE_URL), and every absolute URL made from it.

Feeds, the sitemap, canonical links, Open Graph, JSON-LD, the API, Open311 and emails all leave the
site: each builds its links here, never from the request's Host header, Django's ``sites`` row or
Wagtail's ``Site`` on their own. Those two rows are kept in step with SITE_URL by ``sync_sites()``
(after every ``migrate`` and by ``seed_demo``), so Django's and Wagtail's own helpers agree too.
"""

from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def public_base():
    """SITE_URL without a trailing slash, e.g. ``https://news.example.gov.cn``."""
    return (getattr(settings, "SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")


def site_url(path):
    """``path`` as an absolute URL on the public address; an absolute URL (e.g. a CDN's) is kept."""
    if not path:
        return public_base() + "/"
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):  # a scheme-relative storage URL
        return urlsplit(public_base()).scheme + ":" + path
    return public_base() + ("" if path.startswith("/") else "/") + path


def hostname_and_port():
    """(hostname, port) of the public address, the port defaulted from the scheme (80 / 443)."""
    parts = urlsplit(public_base())
    return parts.hostname or "127.0.0.1", parts.port or (443 if parts.scheme == "https" else 80)


def netloc():
    """``host[:port]`` as Django's sites table holds a domain."""
    return urlsplit(public_base()).netloc


def tag_uri(kind, pk):
    """A permanent id (RFC 4151 tag URI) for a feed entry or other record: it never follows the host.

    ``tag:gongzhi.local,2026:page/7`` stays the same when the site moves to another address, so feed
    readers do not show every story again.
    """
    return f"tag:{settings.GONGZHI_TAG_AUTHORITY}:{kind}/{pk}"


def sync_sites(**kwargs):
    """Point Django's sites row and Wagtail's default Site at SITE_URL (idempotent)."""
    from django.contrib.sites.models import Site as DjangoSite
    from wagtail.models import Site

    hostname, port = hostname_and_port()
    DjangoSite.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": netloc(), "name": settings.WAGTAIL_SITE_NAME}
    )
    DjangoSite.objects.clear_cache()
    Site.objects.filter(is_default_site=True).exclude(hostname=hostname, port=port).update(hostname=hostname, port=port)
    Site.clear_site_root_paths_cache()
