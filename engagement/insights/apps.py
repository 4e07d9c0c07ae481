from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "engagement.insights"
    label = "insights"
