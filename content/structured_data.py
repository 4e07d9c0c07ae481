"""schema.org and Open Graph for stories: what search engines and share cards read about a page.

A news article is a ``NewsArticle``; a policy explainer is the policy itself, a schema.org
``Legislation`` (identifier, dates, the department that issued it). Every story names its publisher
with a logo, an author with a URL, and an image (the hero image, else the site's share image).
All URLs are on the public address (content/site.py).
"""

from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import get_language, gettext

from .site import site_url

SHARE_IMAGE = "img/share-default.png"  # 1200×630, for stories without a hero image
SHARE_IMAGE_SIZE = (1200, 630)
LOGO = "img/logo.png"  # 512×512
LOGO_SIZE = (512, 512)

# Open Graph wants a territory: zh-hans is read in mainland China.
OG_LOCALES = {"zh-hans": "zh_CN", "en": "en_US"}


def og_locale(language=None):
    """The og:locale for a language code (the current language by default)."""
    return OG_LOCALES.get(language or get_language() or settings.LANGUAGE_CODE, "zh_CN")


def share_image():
    """(absolute url, width, height) of the site's default share image."""
    return site_url(static(SHARE_IMAGE)), *SHARE_IMAGE_SIZE


def publisher():
    """The organisation behind the site, with its logo (schema.org ``NewsMediaOrganization``)."""
    home = site_url("/")
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": home,
        "logo": {"@type": "ImageObject", "url": site_url(static(LOGO)), "width": LOGO_SIZE[0], "height": LOGO_SIZE[1]},
    }


def _author(page):
    issuing = getattr(page, "issuing_department", None)
    if issuing is not None:
        return {"@type": "GovernmentOrganization", "name": issuing.name, "url": site_url(issuing.get_absolute_url())}
    byline = getattr(page, "byline", "")
    if byline:
        # A byline is a name, not a page of its own: the reporter works for the publisher, whose page it links.
        return {"@type": "Person", "name": byline, "url": site_url("/"), "worksFor": {"@type": "NewsMediaOrganization",
                                                                                   "name": settings.WAGTAIL_SITE_NAME}}
    return {"@type": "NewsMediaOrganization", "name": settings.WAGTAIL_SITE_NAME, "url": site_url("/")}


def story(page, url, image):
    """The schema.org object for a story page at absolute ``url``; ``image`` is (url, width, height)."""
    published = page.first_published_at
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.summary or page.search_description or "",
        "inLanguage": get_language(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "image": [{"@type": "ImageObject", "url": image[0], "width": image[1], "height": image[2]}],
        "datePublished": published.isoformat() if published else None,
        "dateModified": (page.last_published_at or published).isoformat() if published else None,
        "author": [_author(page)],
        "publisher": publisher(),
    }
    if getattr(page, "document_number", ""):
        data.update({
            "@type": "Legislation",
            "name": page.policy_title,
            "legislationIdentifier": page.document_number,
            "legislationDate": page.issued_on.isoformat(),
            "legislationDateOfApplicability": page.effective_on.isoformat(),
            "legislationPassedBy": _author(page),
            "legislationType": gettext("Policy document"),
        })
    return {key: value for key, value in data.items() if value is not None}
