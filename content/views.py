"""Public pages of the vocabulary: what is tagged with a department, a topic or an area."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from wagtail import hooks

from .models import Area, ArticlePage, Department, PolicyPage, Topic
from .selectors import with_listing_images

PAGE_SIZE = 12


def _stories_page(request, articles, policies):
    articles = list(articles.live().public().defer_streamfields().prefetch_related("topics"))
    policies = list(policies.live().public().defer_streamfields().prefetch_related("topics"))
    stories = sorted(articles + policies, key=lambda p: p.first_published_at, reverse=True)
    page_obj = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    with_listing_images(page_obj.object_list)
    return page_obj


def _panels(hook_name, obj, request):
    return [html for fn in hooks.get_hooks(hook_name) if (html := fn(obj, request))]


def department_detail(request, slug):
    department = get_object_or_404(Department, slug=slug)
    stories = _stories_page(
        request,
        ArticlePage.objects.filter(departments=department),
        PolicyPage.objects.filter(issuing_department=department),
    )
    return render(request, "content/department_detail.html", {
        "department": department, "stories": stories,
        "panels": _panels("gongzhi_department_panels", department, request),
    })


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    stories = _stories_page(request, ArticlePage.objects.filter(topics=topic), PolicyPage.objects.filter(topics=topic))
    return render(request, "content/topic_detail.html", {
        "topic": topic, "stories": stories, "panels": _panels("gongzhi_topic_panels", topic, request),
    })


def area_detail(request, slug):
    area = get_object_or_404(Area.objects.select_related("parent__parent__parent"), slug=slug)
    ids = area.descendant_ids()
    stories = _stories_page(request, ArticlePage.objects.filter(area_id__in=ids), PolicyPage.objects.filter(area_id__in=ids))
    return render(request, "content/area_detail.html", {
        "area": area, "stories": stories, "children": area.children.all(),
        "panels": _panels("gongzhi_area_panels", area, request),
    })
