"""Root URLs. Each app owns its paths (including their prefixes) in its own urls.py."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from content import views as content_views
from content.sitemaps import SITEMAPS
from content.views import set_language
from gongzhi import api as api_v3
from gongzhi.personal import me

handler400 = "gongzhi.edge.bad_request"  # Open311 and the API answer in their own formats
handler404 = "gongzhi.edge.not_found"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", api_v3.urls()),  # Wagtail's API v3, its query string bounded (gongzhi/api.py)
    path("api/v3/<path:rest>", api_v3.not_found),  # problem+json, not the HTML 404
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", content_views.robots_txt, name="robots_txt"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("open311/v2/", include("engagement.demands.open311_urls")),
]

# Public pages: Chinese at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("_me/", me, name="me"),  # the per-person parts of cached pages (gongzhi/personal.py)
    path("accounts/", include("engagement.residents.urls")),
    path("", include("engagement.residents.public_urls")),
    path("", include("engagement.comments.urls")),
    path("", include("engagement.polls.urls")),
    path("", include("engagement.ratings.urls")),
    path("", include("engagement.demands.urls")),
    path("", include("engagement.consultations.urls")),
    path("", include("engagement.insights.urls")),
    path("", include("search.urls")),
    path("", include("content.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
