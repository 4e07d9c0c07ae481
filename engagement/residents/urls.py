"""Mounted at /accounts/: allauth's login, signup, logout, password reset, email confirmation, and the profile.

No app_name: allauth reverses its own un-namespaced names (account_login, account_signup…).
"""

from django.urls import include, path

from . import rights_views, views

urlpatterns = [
    path("profile/", views.profile, name="resident_profile"),
    path("profile/my-data.json", rights_views.download_my_data, {"fmt": "json"}, name="resident_data_json"),
    path("profile/my-data.csv", rights_views.download_my_data, {"fmt": "csv"}, name="resident_data_csv"),
    path("profile/delete/", rights_views.delete_account, name="resident_delete"),
    path("", include("allauth.urls")),
]
