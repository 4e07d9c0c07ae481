from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GongzhiConfig(AppConfig):
    name = "gongzhi"
    verbose_name = "Gongzhi"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)

        post_migrate.connect(_sync_roles_after_migrate, sender=self)
        post_migrate.connect(_sync_sites_after_migrate, sender=self)
        from engagement import purging

        from .queues import route_library_tasks

        route_library_tasks()  # index updates on their own queue (gongzhi/queues.py)

        purging.connect()  # residents' and departments' work purges the cached pages showing it


def _sync_roles_after_migrate(sender, **kwargs):
    # Last app in INSTALLED_APPS order of ours: every permission exists by now.
    from content.roles import sync_roles

    sync_roles()


def _sync_sites_after_migrate(sender, **kwargs):
    # Django's sites row and Wagtail's default Site follow SITE_URL (content/site.py).
    from content.site import sync_sites

    sync_sites()
