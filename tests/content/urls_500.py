"""The site's URLs plus a view that fails, to see the site's own 500 page."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from gongzhi.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = i18n_patterns(path("boom/", boom), prefix_default_language=False) + site_urlpatterns
