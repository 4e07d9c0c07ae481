"""Page types: home, sections, news articles (新闻) and policy explainers (政策解读)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from ..api_fields import HeroImageField
from ..blocks import ArticleBodyBlock, QuestionAnswerBlock
from ..hooks import PAGE_PANELS, fragments
from ..locales import FallBackToChinese, localized
from .vocabulary import Area, Department, Topic

LISTING_PAGE_SIZE = 12


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    PRINT = "print", _("Newspaper")
    TV = "tv", _("Television")
    RADIO = "radio", _("Radio")
    APP = "app", _("Mobile app")
    WECHAT = "wechat", _("WeChat")


class SitePage(Page):
    """Gongzhi's page types: Wagtail's privacy check asks nothing when no page is restricted, and
    ``localized`` no Locale (content/locales.py)."""

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        from .. import sitewide

        if not sitewide.any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @property
    def localized(self):
        return localized(self)


class StoryPage(SitePage):
    """What articles and policy explainers share: tagging, comments switch, a summary for listings."""

    summary = models.TextField(
        _("standfirst"), max_length=400, blank=True,
        help_text=_("One or two sentences shown under the headline and in listings and feeds."),
    )
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The place (district, street, community or grid) this concerns."),
    )
    comments_open = models.BooleanField(_("comments open"), default=True)

    class Meta:
        abstract = True

    @property
    def display_date(self):
        return self.go_live_at or self.first_published_at or self.latest_revision_created_at

    def get_context(self, request, *args, **kwargs):
        from ..selectors import story_context

        context = super().get_context(request, *args, **kwargs)
        context.update(story_context(self, preview=getattr(request, "is_preview", False)))
        # What other apps attach under a story (comments, polls, ratings), through their hooks.
        context["page_panels"] = fragments(PAGE_PANELS, self, request)
        return context


class HomePage(FallBackToChinese, SitePage):
    """The front page: lead stories, latest by section, and panels other apps fill."""

    intro = models.CharField(_("intro"), max_length=250, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("lead_stories", label=_("Lead stories"), max_num=5),
    ]
    subpage_types = ["content.SectionPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find the page at the whole path in one lookup by ``url_path`` (Wagtail walks the tree,
        two queries per level; its page type is cached, so it is one query); a path no page has exactly
        (a routable page's sub-route) walks."""
        from .. import sitewide

        if path_components:
            page = sitewide.page_at(f"{self.url_path}{'/'.join(path_components)}/")
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import home_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context(self, request))
        return context


class HomePageLeadStory(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="lead_stories")
    story = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("story"))

    panels = [PageChooserPanel("story", ["content.ArticlePage", "content.PolicyPage"])]


class SectionPage(FallBackToChinese, SitePage):
    """A section (栏目) such as 时政要闻 or 政策解读: lists its stories, newest first."""

    intro = models.TextField(_("intro"), blank=True)
    show_in_home_page = models.BooleanField(_("show latest on home page"), default=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("show_in_home_page")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.ArticlePage", "content.PolicyPage"]

    class Meta:
        verbose_name = _("section page")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import section_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(section_page_context(self, request))
        return context


class ArticlePage(StoryPage):
    """A news article (新闻稿)."""

    hero_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("hero image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    hero_caption = models.CharField(_("hero caption"), max_length=250, blank=True)
    hero_credit = models.CharField(_("hero credit"), max_length=120, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    departments = ParentalManyToManyField(
        Department, verbose_name=_("departments involved"), blank=True, related_name="+"
    )
    byline = models.CharField(_("byline"), max_length=120, blank=True)
    channel = models.CharField(_("source / channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldRowPanel([FieldPanel("hero_caption"), FieldPanel("hero_credit")])],
            heading=_("Hero image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("topics"), FieldPanel("departments"), FieldPanel("area")],
            heading=_("Tagging"),
        ),
        FieldRowPanel([FieldPanel("byline"), FieldPanel("channel")]),
        FieldPanel("comments_open"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("byline"),
        index.FilterField("area"),
        index.FilterField("first_published_at"),
        index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
        index.RelatedFields("departments", [index.SearchField("name"), index.FilterField("slug")]),
    ]
    api_fields = [
        APIField("summary"),
        APIField("hero_image", serializer=HeroImageField()),  # absolute rendition URLs (content/api_fields.py)
        APIField("hero_caption"),
        APIField("hero_credit"),
        APIField("body"),
        APIField("topics"),
        APIField("departments"),
        APIField("area"),
        APIField("byline"),
        APIField("channel"),
    ]
    parent_page_types = ["content.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")


class PolicyPage(StoryPage):
    """A policy explainer (政策解读): the policy, its key points, Q&A and original documents."""

    policy_title = models.CharField(_("policy title"), max_length=255)
    document_number = models.CharField(_("document number"), max_length=80, help_text=_("e.g. 沪府办〔2026〕12号"))
    issuing_department = models.ForeignKey(
        Department, verbose_name=_("issuing department"), on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("issue date"))
    effective_on = models.DateField(_("effective date"))
    key_points = StreamField(
        [("point", blocks.CharBlock(max_length=300, label=_("Key point")))],
        verbose_name=_("key points"), blank=True,
    )
    questions = StreamField([("qa", QuestionAnswerBlock())], verbose_name=_("questions and answers"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("policy_title"),
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("issuing_department")]),
                FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_on")]),
            ],
            heading=_("The policy"),
        ),
        FieldPanel("key_points"),
        FieldPanel("questions"),
        InlinePanel("documents", label=_("Original documents")),
        InlinePanel("related_articles", label=_("Related articles")),
        MultiFieldPanel([FieldPanel("topics"), FieldPanel("area")], heading=_("Tagging")),
        FieldPanel("comments_open"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("policy_title", boost=3),
        index.SearchField("document_number", boost=2),
        index.SearchField("summary", boost=2),
        index.SearchField("key_points"),
        index.SearchField("questions"),
        index.FilterField("issuing_department"),
        index.FilterField("issued_on"),
        index.FilterField("area"),
        index.FilterField("first_published_at"),
        index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
        index.RelatedFields("issuing_department", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("summary"),
        APIField("policy_title"),
        APIField("document_number"),
        APIField("issuing_department"),
        APIField("issued_on"),
        APIField("effective_on"),
        APIField("key_points"),
        APIField("questions"),
        APIField("topics"),
        APIField("area"),
    ]
    parent_page_types = ["content.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("policy explainer")
        verbose_name_plural = _("policy explainers")

    def clean(self):
        super().clean()
        if self.issued_on and self.effective_on and self.effective_on < self.issued_on:
            raise ValidationError({"effective_on": _("The effective date cannot be before the issue date.")})


class PolicyDocument(Orderable):
    """A link from a policy explainer to one of its original documents (a Wagtail document)."""

    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("document"))
    title = models.CharField(_("link text"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def link_text(self):
        return self.title or self.document.title


class PolicyRelatedArticle(Orderable):
    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="related_articles")
    article = models.ForeignKey("content.ArticlePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("article"))

    panels = [PageChooserPanel("article")]
