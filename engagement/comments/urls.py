from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("comments/post/<int:page_id>/", views.post, name="post"),
    path("comments/<int:comment_id>/reply/", views.reply, name="reply"),
    path("comments/<int:comment_id>/like/", views.like, name="like"),
    path("comments/<int:comment_id>/report/", views.report, name="report"),
    path("comments/confirm/<str:key>/", views.confirm, name="confirm"),
]
