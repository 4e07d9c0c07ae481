"""Template tags of the public site: structured data, absolute URLs, story labels."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from content import structured_data
from content.site import site_url

register = template.Library()

# Same escapes as Django's json_script: nothing in the data can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def absolute_url(url):
    """``url`` on the site's public address (SITE_URL), whatever host the request came in on."""
    return site_url(url) if url else ""


@register.simple_tag(takes_context=True)
def page_url(context, page):
    """The absolute, public URL of ``page`` (canonical, og:url, JSON-LD)."""
    return site_url(page.get_url(request=context.get("request")))


@register.simple_tag
def og_locale():
    """og:locale of the current language (zh_CN, en_US)."""
    return structured_data.og_locale()


@register.simple_tag
def share_image():
    """(url, width, height) of the site's default share image, for pages without their own."""
    return structured_data.share_image()


@register.simple_tag
def news_article_jsonld(page, url, image_url="", width=None, height=None):
    """The story's schema.org object (content/structured_data.py) in a ``<script type="application/ld+json">``."""
    image = (image_url, width, height) if image_url else structured_data.share_image()
    data = structured_data.story(page, url, image)
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
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
