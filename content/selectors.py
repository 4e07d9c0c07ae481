"""Reads that need care (query counts that do not grow with the data) for content pages."""

from django.db.models import Prefetch
from wagtail import hooks
from wagtail.images import get_image_model

from .models import ArticlePage, PolicyPage, SectionPage, Topic

LISTING_RENDITIONS = ("fill-480x270", "fill-960x540")


def live_stories():
    """Published articles and policy explainers as their specific types, newest first."""
    from wagtail.models import Page

    return (
        Page.objects.live().public().type(ArticlePage, PolicyPage)
        .specific(defer=True)
        .order_by("-first_published_at")
    )


def with_listing_images(articles):
    """Attach hero images with their listing renditions in two queries, not one per card."""
    image_ids = {a.hero_image_id for a in articles if getattr(a, "hero_image_id", None)}
    if not image_ids:
        return articles
    images = {
        img.pk: img
        for img in get_image_model().objects.filter(pk__in=image_ids).prefetch_renditions(*LISTING_RENDITIONS)
    }
    for article in articles:
        if getattr(article, "hero_image_id", None):
            article.hero_image = images.get(article.hero_image_id)
    return articles


def section_stories(section, topic_slug=""):
    """The section's live stories, newest first, optionally only those tagged with a topic."""
    articles = ArticlePage.objects.child_of(section).live().public()
    policies = PolicyPage.objects.child_of(section).live().public()
    if topic_slug:
        articles = articles.filter(topics__slug=topic_slug)
        policies = policies.filter(topics__slug=topic_slug)
    articles = list(articles.defer_streamfields().prefetch_related("topics"))
    policies = list(policies.defer_streamfields().prefetch_related("topics"))
    stories = sorted(articles + policies, key=lambda p: p.first_published_at or p.latest_revision_created_at, reverse=True)
    return with_listing_images(stories)


def home_page_context(home, request):
    lead = [s.story.specific for s in home.lead_stories.select_related("story")]
    sections = list(SectionPage.objects.child_of(home).live().filter(show_in_home_page=True))
    latest_by_section = []
    for section in sections:
        latest_by_section.append((section, section_stories(section)[:4]))
    panels = []
    for fn in hooks.get_hooks("gongzhi_home_panels"):
        html = fn(request)
        if html:
            panels.append(html)
    return {
        "lead_stories": with_listing_images(lead),
        "latest_by_section": latest_by_section,
        "home_panels": panels,
        "topics": Topic.objects.all(),
    }
