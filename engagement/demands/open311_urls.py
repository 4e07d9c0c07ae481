"""Open311 GeoReport v2, mounted at /open311/v2/ (outside the language prefix)."""

from django.urls import re_path

from . import open311, open311_updates

app_name = "open311"
FMT = r"\.(?P<fmt>[a-z]+)$"
urlpatterns = [
    re_path(r"^discovery" + FMT, open311.discovery, name="discovery"),
    re_path(r"^services" + FMT, open311.services, name="services"),
    re_path(r"^services/(?P<code>[-\w]+)" + FMT, open311.service_definition, name="service"),
    re_path(r"^requests" + FMT, open311.requests_view, name="requests"),
    re_path(r"^requests/(?P<request_id>[-\w]+)" + FMT, open311.request_detail, name="request"),
    re_path(r"^servicerequestupdates" + FMT, open311_updates.updates_view, name="updates"),
    re_path(r"^(?P<path>.*)$", open311.not_found, name="not_found"),  # GeoReport's error list, not HTML
]
