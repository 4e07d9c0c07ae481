from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("insights/", views.insights_page, name="insights"),
    path("transparency/", views.transparency_page, name="transparency"),
    path("transparency/data.csv", views.transparency_csv, name="transparency_csv"),
    path("transparency/data.json", views.transparency_json, name="transparency_json"),
]
