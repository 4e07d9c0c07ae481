from django.urls import path

from . import admin_views

app_name = "comment_moderation"
urlpatterns = [
    path("", admin_views.ModerationQueueView.as_view(), name="queue"),
    path("<int:comment_id>/approve/", admin_views.ApproveView.as_view(), name="approve"),
    path("<int:comment_id>/reject/", admin_views.RejectView.as_view(), name="reject"),
    path("bulk/", admin_views.BulkView.as_view(), name="bulk"),
    path("authors/<int:user_id>/block/", admin_views.BlockAuthorView.as_view(), name="block"),
]
