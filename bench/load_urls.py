"""The site's URLs plus /_bench/bare/: a Django view that does nothing (the ceiling in bench/load.py)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from gongzhi.urls import urlpatterns as site_urlpatterns


@never_cache  # through the proxy to gunicorn every time: proxy + gunicorn + Django's middleware
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("_bench/bare/", bare), *site_urlpatterns]
