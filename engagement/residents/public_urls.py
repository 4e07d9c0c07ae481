"""Mounted at the site's root: the privacy notice (隐私政策) at /privacy/, organisation pages."""

from django.urls import path

from . import organisation_views, rights_views

urlpatterns = [
    path("privacy/", rights_views.privacy_notice, name="privacy_notice"),
    path("organisations/<int:user_id>/", organisation_views.organisation_page, name="organisation"),
]
