from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Content")

    def ready(self):
        from . import image_uploads, purge, signals, sitewide  # noqa: F401

        sitewide.connect()  # cached site, settings and header sections forget on every page/site change
        purge.connect()  # cached pages purged on publish, unpublish and move (content/purge.py)
        image_uploads.connect()  # originals re-encoded before they are stored (content/image_uploads.py)
