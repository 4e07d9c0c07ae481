from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "engagement.comments"
    label = "comments"
