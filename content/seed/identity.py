"""Demo values of the SiteIdentity setting (masthead and footer): a fictional county media centre.

The filing numbers are placeholders in the official format, not real filings.
"""

from wagtail.models import Site

from content.models import SiteIdentity

DEMO_IDENTITY = {
    "site_name": "共治",
    "site_name_en": "Gongzhi",
    "tagline": "政务新闻、政策解读与居民之声",
    "organiser": "东城县融媒体中心",
    "organiser_en": "Dongcheng County Media Centre",
    "contact": "新闻热线 0000-12345678 · news@example.com",
    "icp_number": "X ICP备00000000号-1（演示）",
    "public_security_number": "X公网安备 00000000000000号（演示）",
}


def seed_site_identity(command=None):
    """Fill the setting of every site whose fields are still the defaults (idempotent: edits are kept)."""
    for site in Site.objects.all():
        identity = SiteIdentity.for_site(site)
        if identity.organiser:
            continue
        for field, value in DEMO_IDENTITY.items():
            setattr(identity, field, value)
        identity.save()
        if command is not None:
            command.created += 1
