"""Mounted at /accounts/: allauth's login, signup, logout, password reset, email confirmation, and the profile.

No app_name: allauth reverses its own un-namespaced names (account_login, account_signup…).
"""

from django.urls import include, path

from . import views

urlpatterns = [
    path("profile/", views.profile, name="resident_profile"),
    path("", include("allauth.urls")),
]
