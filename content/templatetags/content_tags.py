"""Template tags of the public site: structured data, absolute URLs, story labels."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Same escapes as Django's json_script: nothing in the data can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _absolute(request, url):
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """``url`` made absolute against the current request (for canonical links and og:image)."""
    return _absolute(context.get("request"), url)


@register.simple_tag(takes_context=True)
def news_article_jsonld(context, page, image_url=""):
    """A schema.org NewsArticle for ``page`` in a ``<script type="application/ld+json">``, safely escaped."""
    request = context.get("request")
    url = _absolute(request, page.get_url(request=request))
    published = page.first_published_at or page.display_date
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.summary or page.search_description or "",
        "inLanguage": get_language(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "datePublished": published.isoformat() if published else None,
        "dateModified": (page.last_published_at or published).isoformat() if published else None,
        "publisher": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME},
    }
    byline = getattr(page, "byline", "")
    data["author"] = {"@type": "Person", "name": byline} if byline else {
        "@type": "Organization", "name": settings.WAGTAIL_SITE_NAME
    }
    if image_url:
        data["image"] = [_absolute(request, image_url)]
    if getattr(page, "document_number", ""):
        data["about"] = {"@type": "Legislation", "name": page.policy_title, "legislationIdentifier": page.document_number}
    encoded = json.dumps({k: v for k, v in data.items() if v is not None}, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(encoded.translate(_JSON_SCRIPT_ESCAPES)))


@register.filter
def story_kind(page):
    """Translated label of a story's type (news article / policy explainer)."""
    return page._meta.verbose_name


@register.filter
def iso_datetime(value):
    """A valid ``<time datetime>`` value: local time to the second with its offset, no microseconds
    (``|date:"c"`` keeps them, which the HTML datetime syntax does not allow). Dates stay dates."""
    import datetime

    from django.utils import timezone

    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
