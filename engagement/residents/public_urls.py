"""Mounted at the site's root: the privacy notice (隐私政策) at /privacy/."""

from django.urls import path

from . import rights_views

urlpatterns = [
    path("privacy/", rights_views.privacy_notice, name="privacy_notice"),
]
