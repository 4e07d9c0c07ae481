"""Who publishes the site: its name, organiser (主办单位), contact, ICP number (ICP备案号), logo and favicon.

A Wagtail site setting (Settings → 网站信息), edited by chief editors; the masthead, the footer and
the page ``<head>`` read it (``{{ settings.content.SiteIdentity }}``, one cached query a request).
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

#: Where an ICP filing number links to (the MIIT filing system), as Chinese sites must.
ICP_LOOKUP_URL = "https://beian.miit.gov.cn/"


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    site_name = models.CharField(_("site name"), max_length=60, default="共治")
    site_name_en = models.CharField(_("site name (English)"), max_length=60, blank=True, default="Gongzhi")
    tagline = models.CharField(_("tagline"), max_length=120, blank=True)
    organiser = models.CharField(
        _("organiser (主办单位)"), max_length=120, blank=True,
        help_text=_("The body that runs the site, shown in the masthead and footer."),
    )
    organiser_en = models.CharField(_("organiser (English)"), max_length=160, blank=True)
    contact = models.CharField(
        _("public contact"), max_length=200, blank=True,
        help_text=_("A newsroom phone line or email address for readers. It is public: no personal details."),
    )
    icp_number = models.CharField(
        _("ICP filing number (ICP备案号)"), max_length=60, blank=True, help_text=_("For example 京ICP备12345678号-1."),
    )
    public_security_number = models.CharField(
        _("public security filing number (公安备案号)"), max_length=60, blank=True,
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Shown once in the masthead, at most 48 pixels high. Leave empty for the Gongzhi mark."),
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("favicon"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("A square image; the browser tab shows it. Leave empty for the Gongzhi mark."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("site_name_en"), FieldPanel("tagline")], heading=_("Name")),
        MultiFieldPanel([FieldPanel("organiser"), FieldPanel("organiser_en"), FieldPanel("contact")], heading=_("Publisher")),
        MultiFieldPanel([FieldPanel("icp_number"), FieldPanel("public_security_number")], heading=_("Filings")),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("favicon")], heading=_("Images")),
    ]
    select_related = ["logo", "favicon"]

    class Meta:
        verbose_name = _("site identity")
        verbose_name_plural = _("site identity")

    @property
    def icp_lookup_url(self):
        return ICP_LOOKUP_URL

    @property
    def name(self):
        """The site's name in the page's language (the English name under /en/ when there is one)."""
        if (get_language() or "").startswith("en") and self.site_name_en:
            return self.site_name_en
        return self.site_name

    @property
    def organiser_name(self):
        if (get_language() or "").startswith("en") and self.organiser_en:
            return self.organiser_en
        return self.organiser
