from django.urls import path

from . import views

app_name = "content"
urlpatterns = [
    path("departments/<slug:slug>/", views.department_detail, name="department"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("areas/<slug:slug>/", views.area_detail, name="area"),
]
