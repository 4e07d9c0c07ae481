from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "engagement.polls"
    label = "polls"
