from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "engagement.residents"
    label = "residents"
