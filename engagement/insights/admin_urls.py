from django.urls import path

from . import admin_views

app_name = "insights_admin"
urlpatterns = [
    path("", admin_views.dashboard, name="dashboard"),
    path("alerts/<int:pk>/acknowledge/", admin_views.acknowledge_alert, name="acknowledge_alert"),
    path("alerts/", admin_views.alert_desk, name="alerts"),
    path("alerts/<int:pk>/assign/", admin_views.assign_alert, name="assign_alert"),
    path("alerts/<int:pk>/dispose/", admin_views.dispose_alert, name="dispose_alert"),
    path("duplicates/", admin_views.duplicates, name="duplicates"),
    path("duplicates/merge/", admin_views.merge_group, name="merge_group"),
]
