from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "engagement.demands"
    label = "demands"

    def ready(self):
        from . import calendar  # noqa: F401  (connects the recompute of open deadlines to calendar edits)
