"""Public pages of the vocabulary: what is tagged with a department, a topic or an area."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.views.i18n import set_language as django_set_language

from .hooks import AREA_PANELS, DEPARTMENT_PANELS, TOPIC_PANELS, fragments
from .models import Area, Department, Topic
from .selectors import live_stories, paginate_stories, tagged_with
from .site import site_url


def department_detail(request, slug):
    department = get_object_or_404(Department, slug=slug)
    stories = paginate_stories(tagged_with(live_stories(), department=department), request.GET.get("page"))
    return render(request, "content/department_detail.html", {
        "department": department, "stories": stories,
        "panels": fragments(DEPARTMENT_PANELS, department, request),
    })


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    stories = paginate_stories(tagged_with(live_stories(), topic=topic), request.GET.get("page"))
    return render(request, "content/topic_detail.html", {
        "topic": topic, "stories": stories,
        "panels": fragments(TOPIC_PANELS, topic, request),
    })


def area_detail(request, slug):
    area = get_object_or_404(Area.objects.select_related("parent__parent__parent"), slug=slug)
    stories = paginate_stories(tagged_with(live_stories(), area_ids=area.descendant_ids()), request.GET.get("page"))
    return render(request, "content/area_detail.html", {
        "area": area, "stories": stories, "children": area.children.all(),
        "panels": fragments(AREA_PANELS, area, request),
    })


def robots_txt(request):
    """robots.txt: crawl the public site, not the admin or accounts; the sitemap on the public address."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /accounts/", "Disallow: /en/accounts/",
             "Disallow: /i18n/", f"Sitemap: {site_url(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def favicon(request):
    """``/favicon.ico``: the site's favicon (the SiteIdentity setting's image, else the Gongzhi mark)."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    from .selectors import site_identity

    icon = site_identity(request).favicon
    return redirect(icon.get_rendition("fill-64x64|format-png").url if icon else static("img/favicon.svg"))


def set_language(request):
    """Django's ``set_language``, with ``next`` read in the language of its own prefix.

    Django resolves ``next`` in the language active for /i18n/setlang/ (unprefixed: Chinese), where
    ``/en/x/`` is just a Wagtail path, so it sent everyone back to ``/en/x/``. The header links
    (``includes/language_switcher.html``) need no form; this keeps old forms and clients right.
    """
    next_url = request.POST.get("next", request.GET.get("next")) or ""
    language = translation.get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return django_set_language(request)
