"""Polls in the Wagtail admin (a snippet with export and close actions) and on the public site."""

from django.urls import path, reverse
from django.utils.translation import gettext, gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from content.hooks import HOME_PANELS, NAV_ITEMS, PAGE_PANELS, PROFILE_PANELS, ROLE_PERMISSIONS, SEED_DEMO
from content.roles import CHIEF_EDITORS, EDITORS

from . import admin_views
from .models import Poll
from .panels import home_polls_panel, page_polls_panel, profile_polls_panel
from .permissions import can_close_poll, can_export_poll


class PollInspectView(InspectView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        user = self.request.user
        if can_export_poll(user, self.object):
            buttons.append(Button(_("Export votes (CSV)"), url=reverse(poll_viewset.get_url_name("export"), args=[self.object.pk]),
                                  icon_name="download", priority=30))
        if can_close_poll(user, self.object):
            buttons.append(Button(_("Close now"), url=reverse(poll_viewset.get_url_name("close"), args=[self.object.pk]),
                                  icon_name="lock", priority=40))
        return buttons


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = _("Polls")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["question", "kind", "opens_at", "closes_at", "status_label"]
    list_filter = ["kind", "allow_anonymous"]
    search_fields = ["question"]
    ordering = ["-opens_at"]
    inspect_view_enabled = True
    inspect_view_class = PollInspectView
    inspect_view_fields = ["question", "description", "kind", "opens_at", "closes_at", "results_visibility",
                           "allow_anonymous", "page"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("export/<int:pk>/", admin_views.export_poll_csv, name="export"),
            path("close/<int:pk>/", admin_views.close_poll, name="close"),
        ]


poll_viewset = PollViewSet()
register_snippet(poll_viewset)


@hooks.register("register_snippet_listing_buttons")
def poll_listing_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Poll):
        return []
    buttons = []
    if can_export_poll(user, snippet):
        buttons.append(Button(_("Export votes (CSV)"), url=reverse(poll_viewset.get_url_name("export"), args=[snippet.pk]),
                              icon_name="download", priority=30))
    if can_close_poll(user, snippet) and not snippet.has_closed():
        buttons.append(Button(_("Close now"), url=reverse(poll_viewset.get_url_name("close"), args=[snippet.pk]),
                              icon_name="lock", priority=40))
    return buttons


@hooks.register(ROLE_PERMISSIONS)
def poll_role_permissions():
    editing = ["polls.add_poll", "polls.change_poll", "polls.view_poll", "polls.export_poll"]
    return {EDITORS: editing, CHIEF_EDITORS: editing + ["polls.delete_poll"]}


hooks.register(PAGE_PANELS, page_polls_panel)
hooks.register(HOME_PANELS, home_polls_panel)
hooks.register(PROFILE_PANELS, profile_polls_panel)


@hooks.register(SEED_DEMO, order=30)
def seed_polls(command):
    from .seed import seed_demo_polls

    seed_demo_polls(command)


@hooks.register(NAV_ITEMS)
def polls_nav(request):
    return [(gettext("Polls"), reverse("polls:list"))]
