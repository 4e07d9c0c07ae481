from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .hooks import CACHE_PATHS
from .models import Area, Department, Topic


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "short_name", "public_phone"]
    search_fields = ["name", "short_name"]
    ordering = ["name"]
    inspect_view_enabled = True


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug", "default_department"]
    list_filter = ["default_department"]
    search_fields = ["name"]
    ordering = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    list_display = ["name", "kind", "parent", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name"]
    ordering = ["name"]


class VocabularyGroup(SnippetViewSetGroup):
    items = (DepartmentViewSet, TopicViewSet, AreaViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Departments & places")
    menu_name = "vocabulary"


register_snippet(VocabularyGroup)


@hooks.register(CACHE_PATHS)
def page_cache_paths(obj):
    """Pages: themselves, the listings above them, their department/topic/area pages, the feeds."""
    from .purge import page_cache_paths

    return page_cache_paths(obj)
