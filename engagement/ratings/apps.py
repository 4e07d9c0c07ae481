from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "engagement.ratings"
    label = "ratings"
