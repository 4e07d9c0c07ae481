"""How comments attach to Gongzhi: page and profile panels, the moderation queue, roles, seed data."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.hooks import PAGE_PANELS, PROFILE_PANELS, ROLE_PERMISSIONS, SEED_DEMO
from content.roles import CHIEF_EDITORS, EDITORS, MODERATORS

from . import admin_urls, permissions
from .models import SectionModeration, SensitiveWord


@hooks.register(PAGE_PANELS)
def comments_panel(page, request):
    from .panels import page_panel

    return page_panel(page, request)


@hooks.register(PROFILE_PANELS)
def my_comments_panel(user, request):
    from .panels import profile_panel

    return profile_panel(user, request)


@hooks.register("register_admin_urls")
def moderation_urls():
    return [path("comments/moderation/", include(admin_urls, namespace="comment_moderation"))]


class ModerationMenuItem(MenuItem):
    """Shown exactly when the queue opens: both ask permissions.can_view_queue."""

    def is_shown(self, request):
        return permissions.can_view_queue(request.user)


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return ModerationMenuItem(
        _("Comment moderation"), reverse("comment_moderation:queue"), name="comment-moderation",
        icon_name="comment", order=250,
    )


class PendingCommentsSummaryItem(SummaryItem):
    order = 250
    template_name = "comments/admin/summary_item.html"

    def get_context_data(self, parent_context):
        from .services import pending_count

        return {"count": pending_count()}

    def is_shown(self):
        return permissions.can_view_queue(self.request.user)


@hooks.register("construct_homepage_summary_items")
def pending_comments_summary(request, items):
    items.append(PendingCommentsSummaryItem(request))


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    actions.register_action("gongzhi.comments.approve", _("Approve comment"), _("Comment approved"))
    actions.register_action("gongzhi.comments.reject", _("Reject comment"), _("Comment rejected"))
    actions.register_action("gongzhi.comments.block_author", _("Block author"), _("Author blocked from commenting"))
    actions.register_action("gongzhi.comments.verify_author", _("Verify organisation"),
                            _("Author marked as a verified organisation"))
    actions.register_action("gongzhi.comments.unverify_author", _("Remove verification"),
                            _("Author no longer a verified organisation"))


@hooks.register(ROLE_PERMISSIONS)
def comment_role_permissions():
    words = [f"comments.{a}_sensitiveword" for a in ("add", "change", "delete", "view")]
    sections = [f"comments.{a}_sectionmoderation" for a in ("add", "change", "delete", "view")]
    return {
        MODERATORS: ["comments.view_commentmoderation", "comments.moderate_commentmoderation",
                     "comments.change_commentsettings"] + words,
        CHIEF_EDITORS: ["comments.view_commentmoderation"] + sections,
        EDITORS: sections,
    }


@hooks.register(SEED_DEMO, order=20)
def seed_comments(command):
    from .seed import seed

    seed(command)


class SensitiveWordViewSet(SnippetViewSet):
    model = SensitiveWord
    icon = "warning"
    list_display = ["word", "note"]
    search_fields = ["word"]
    ordering = ["word"]
    menu_label = _("Sensitive words")


class SectionModerationViewSet(SnippetViewSet):
    model = SectionModeration
    icon = "comment"
    list_display = ["section", "mode"]
    menu_label = _("Section moderation")


register_snippet(SensitiveWordViewSet)
register_snippet(SectionModerationViewSet)


@hooks.register("construct_homepage_panels")
def pending_comments_panel(request, panels):
    """Moderators see the comments waiting for them among their work at the top of the dashboard."""
    if not permissions.can_view_queue(request.user):
        return
    from content.dashboard import FiguresPanel

    from .services import pending_count

    class PendingCommentsPanel(FiguresPanel):
        heading = _("Comments waiting for moderation")
        panel_id = "dashboard-comments"

        def figures(self):
            n = pending_count()
            return [(_("Comments pending"), n, reverse("comment_moderation:queue"), n > 0)]

    # After the demand panels (registered earlier in INSTALLED_APPS or not), before Wagtail's own.
    panels.insert(sum(isinstance(p, FiguresPanel) for p in panels), PendingCommentsPanel(request))
