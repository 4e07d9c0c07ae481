from django.urls import path

from . import views

app_name = "polls"
urlpatterns = [
    path("polls/", views.poll_list, name="list"),
    path("polls/<int:pk>/", views.poll_detail, name="detail"),
    path("polls/<int:pk>/vote/", views.vote, name="vote"),
]
