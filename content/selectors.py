"""Reads that need care (query counts that do not grow with the data) for content pages.

Listings order and paginate generic ``Page`` rows in the database, then turn only the rows
on the current page into their specific types (one query per page type, stream fields
deferred) and attach hero images with their renditions in two more queries.
"""

from django.core.paginator import Paginator
from django.db.models import F, Q
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from . import sitewide
from .hooks import HOME_PANELS, fragments
from .locales import reading_locale, translations_of
from .models import ArticlePage, PolicyPage, PolicyRelatedArticle, SectionPage, Topic
from .models.pages import LISTING_PAGE_SIZE
from .page_data import kept

#: Filter specs the listing card asks for (``{% srcset_image ... fill-{480x270,960x540} %}``).
LISTING_RENDITIONS = ("fill-480x270", "fill-960x540")
#: Filter specs the article page asks for (hero ``srcset`` and the og:image).
HERO_RENDITIONS = ("width-640", "width-960", "width-1280", "fill-1200x630")
#: Filter specs of an image block in the body.
BODY_RENDITIONS = ("width-640", "width-960", "width-1280")
STORY_TYPES = (ArticlePage, PolicyPage)


def live_stories(locale=None):
    """Published, public articles and policy explainers in ``locale`` (default: the language being read,
    content/locales.py) as generic pages, newest first."""
    return (
        sitewide.public(Page.objects.live()).type(*STORY_TYPES).filter(locale=locale or reading_locale())
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
    )


def tagged_with(stories, *, topic=None, department=None, area_ids=None):
    """Narrow ``stories`` (a generic Page queryset) to those tagged with a topic, department or area."""
    if topic is not None:
        stories = stories.filter(
            Q(pk__in=ArticlePage.objects.filter(topics=topic).values("pk"))
            | Q(pk__in=PolicyPage.objects.filter(topics=topic).values("pk"))
        )
    if department is not None:
        stories = stories.filter(
            Q(pk__in=ArticlePage.objects.filter(departments=department).values("pk"))
            | Q(pk__in=PolicyPage.objects.filter(issuing_department=department).values("pk"))
        )
    if area_ids is not None:
        stories = stories.filter(
            Q(pk__in=ArticlePage.objects.filter(area_id__in=area_ids).values("pk"))
            | Q(pk__in=PolicyPage.objects.filter(area_id__in=area_ids).values("pk"))
        )
    return stories


def as_cards(pages):
    """Specific, stream-field-free instances of ``pages`` (a sliced queryset) with listing images."""
    if hasattr(pages, "defer_streamfields"):
        pages = pages.defer_streamfields().specific()
    return with_listing_images(list(pages))


def with_listing_images(stories, renditions=LISTING_RENDITIONS):
    """Attach hero images with their renditions in two queries, not one per card."""
    image_ids = {s.hero_image_id for s in stories if getattr(s, "hero_image_id", None)}
    if not image_ids:
        return stories
    images = get_image_model().objects.filter(pk__in=image_ids).prefetch_renditions(*renditions).in_bulk()
    for story in stories:
        if getattr(story, "hero_image_id", None):
            story.hero_image = images.get(story.hero_image_id)
    return stories


def paginate_stories(stories, page_number, per_page=LISTING_PAGE_SIZE):
    """A Django ``Page`` of cards: counts and slices in SQL, then fetches only that page's stories."""
    page_obj = Paginator(stories, per_page).get_page(page_number)
    page_obj.object_list = as_cards(page_obj.object_list)
    return page_obj


def section_stories(section, topic=None):
    """The section's live stories, newest first, optionally only those tagged with ``topic``.

    Returns a generic Page queryset: paginate it, then pass the slice to :func:`as_cards`.
    """
    stories = live_stories().child_of(section)
    return tagged_with(stories, topic=topic)


def section_page_context(section, request):
    """Section page: one page of its stories, newest first, filtered by ``?topic=<slug>``."""
    topics = list(Topic.objects.only("id", "name", "slug"))
    slug = request.GET.get("topic", "")
    current = next((t for t in topics if t.slug == slug), None)
    stories = paginate_stories(section_stories(section, topic=current), request.GET.get("page"))
    return {"stories": stories, "topics": topics, "current_topic": current}


def story_context(page, *, preview=False):
    """Extra context of an article or a policy explainer page (a preview's from the draft, never kept)."""
    if isinstance(page, ArticlePage):
        return article_context(page, preview=preview)
    if isinstance(page, PolicyPage):
        return policy_context(page)
    return {}


def latest_by_section(sections, per_section=4, exclude=()):
    """The newest ``per_section`` stories of each section, less ``exclude`` (the home page's lead
    stories, already shown above): one query for all sections' ids."""
    result = []
    by_section = {}
    for section in sections:
        ids = list(section_stories(section).exclude(pk__in=exclude).values_list("pk", flat=True)[:per_section])
        by_section[section.pk] = ids
    all_ids = [pk for ids in by_section.values() for pk in ids]
    cards = {c.pk: c for c in as_cards(Page.objects.filter(pk__in=all_ids))} if all_ids else {}
    for section in sections:
        result.append((section, [cards[pk] for pk in by_section[section.pk] if pk in cards]))
    return result


def home_page_context(home, request):
    lead_ids = _in_locale_of(home, home.lead_stories.order_by("sort_order").values_list(
        "story_id", "story__translation_key", "story__locale_id"))
    lead_pages = {
        p.pk: p for p in as_cards(sitewide.public(Page.objects.live()).filter(pk__in=lead_ids))
    } if lead_ids else {}
    lead = [lead_pages[pk] for pk in lead_ids if pk in lead_pages]
    sections = list(sitewide.public(SectionPage.objects.child_of(home).live()).filter(show_in_home_page=True))
    return {
        "lead_story": lead[0] if lead else None,
        "lead_stories": lead[1:],
        "latest_by_section": latest_by_section(sections, exclude=lead_ids),
        "home_panels": fragments(HOME_PANELS, request),
    }


def article_context(page, *, preview=False):
    """What the article template needs, each in one query whatever its size: the hero, tags and area kept
    for the live page until it is purged (content/page_data.py); the renditions of the hero and the body's
    images read each time (the first render makes the missing ones), in one query."""
    body = [
        block.value["image"] for block in page.body
        if block.block_type == "image" and block.value.get("image") is not None
    ]
    story = _article_extras(page) if preview else kept(
        page, f"article:{page.hero_image_id}", lambda: _article_extras(page))  # a deleted hero empties the id
    if story["hero"] is not None:
        page.hero_image = story["hero"]
    _attach_renditions(([page.hero_image] if story["hero"] else []) + body, HERO_RENDITIONS + BODY_RENDITIONS)
    return {
        "story_topics": story["topics"],
        "story_departments": story["departments"],
        "story_area": story["area"],
        "body_images": len(body),
    }


def _article_extras(page):
    return {
        "hero": get_image_model().objects.filter(pk=page.hero_image_id).first() if page.hero_image_id else None,
        "topics": list(page.topics.all()),
        "departments": list(page.departments.all()),
        "area": _area_with_ancestors(page.area_id),
    }


def policy_context(page):
    """What the policy template needs, each in one query whatever its size."""
    departments = {d.pk: d for d in sitewide.departments()}
    if page.issuing_department_id in departments:
        page.issuing_department = departments[page.issuing_department_id]
    links = PolicyRelatedArticle.objects.filter(page=page).order_by("sort_order").values_list(
        "article_id", "article__translation_key", "article__locale_id")
    related_ids = _in_locale_of(page, links)
    related = sitewide.public(ArticlePage.objects.live()).filter(pk__in=related_ids).defer_streamfields()
    return {
        "story_topics": list(page.topics.all()),
        "story_area": _area_with_ancestors(page.area_id),
        "issuing_department": page.issuing_department,
        "documents": list(page.documents.select_related("document").order_by("sort_order")),
        "related_stories": with_listing_images(list(related)),
    }


def _in_locale_of(page, stories):
    """The ids of ``stories`` (``(id, translation_key, locale_id)`` rows, in order) swapped for their
    translations in ``page``'s locale, untranslated ones dropped.

    A translation copies its original's lead stories and related articles, which point at Chinese
    stories: the English home page lists their English translations (one more query, whatever the count).
    """
    stories = list(stories)
    if all(locale_id == page.locale_id for _pk, _key, locale_id in stories):
        return [pk for pk, _key, _locale_id in stories]
    translated = translations_of({key for _pk, key, _locale_id in stories}, page.locale_id)
    return [translated[key].pk for _pk, key, _locale_id in stories if key in translated]


def _area_with_ancestors(area_id):
    if not area_id:
        return None
    from .models import Area

    return Area.objects.select_related("parent__parent__parent").filter(pk=area_id).first()


def _attach_renditions(images, specs):
    """Load the renditions of ``images`` (the hero and every image in the body) in one query, not one
    per image (wagtail#947); the template finds each in ``image.prefetched_renditions``.

    The body's images themselves come in one query (the stream's ``bulk_to_python``).
    """
    if not images:
        return
    Rendition = get_image_model().get_rendition_model()
    by_image = {}
    for rendition in Rendition.objects.filter(image_id__in={img.pk for img in images}, filter_spec__in=set(specs)):
        by_image.setdefault(rendition.image_id, []).append(rendition)
    for img in images:
        img.prefetched_renditions = by_image.get(img.pk, [])
        for rendition in img.prefetched_renditions:
            rendition.image = img  # its <img> tag reads the image (alt text): no query per block


def site_identity(request):
    """The request's ``SiteIdentity`` setting (cached on the request, and across requests by
    ``content.sitewide``); its defaults when no site matches."""
    from .models import SiteIdentity

    if Site.find_for_request(request) is None:
        return SiteIdentity()
    return SiteIdentity.for_request(request)


def site_sections(request):
    """Live sections under the request's site root, for the header navigation (cached: content.sitewide)."""
    from . import sitewide

    site = Site.find_for_request(request)
    if site is None:
        return []
    return sitewide.sections(site, site.root_page.localized)
