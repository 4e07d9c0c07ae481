"""The site's public address, for links that leave the site (emails, open data, Open311)."""

from django.conf import settings


def site_url(path):
    """``path`` as an absolute URL on the site's public address (settings.WAGTAILADMIN_BASE_URL)."""
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + path
