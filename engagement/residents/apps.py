from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "engagement.residents"
    label = "residents"

    def ready(self):
        from .lockouts import connect_signals

        connect_signals()
