from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Content")

    def ready(self):
        from . import image_uploads, signals  # noqa: F401

        image_uploads.connect()  # originals re-encoded before they are stored (content/image_uploads.py)
