from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "engagement.demands"
    label = "demands"
