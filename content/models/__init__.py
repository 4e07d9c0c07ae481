"""Content models: the shared vocabulary (Department, Topic, Area) and the page types."""

from .pages import ArticlePage, HomePage, HomePageLeadStory, PolicyDocument, PolicyPage, PolicyRelatedArticle, SectionPage
from .site_identity import SiteIdentity
from .vocabulary import Area, Department, Topic

__all__ = [
    "Area",
    "ArticlePage",
    "Department",
    "HomePage",
    "HomePageLeadStory",
    "PolicyDocument",
    "PolicyPage",
    "PolicyRelatedArticle",
    "SectionPage",
    "SiteIdentity",
    "Topic",
]
