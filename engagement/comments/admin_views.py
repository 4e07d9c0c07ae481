"""The comment moderation queue (审核队列) in the Wagtail admin.

Moderators act; chief editors may only look (DESIGN.md). Permissions come from
``permissions.ModerationQueuePolicy``: 'view' (can_view_queue) to see the queue, 'moderate'
(can_moderate) to act. Every form carries the review state it was shown for (``expected``), so a
decision on a comment another moderator already handled changes nothing and says so.
"""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView
from django_comments_xtd.models import XtdComment
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.models import Page

from content.hooks import MODERATION_COMMENT_ACTIONS, items
from engagement.residents.models import badge

from . import permissions, services
from .forms import BlockForm, RejectForm
from .models import CommentModeration, CommentReport, in_state
from .selectors import author_of

permission_policy = permissions.ModerationQueuePolicy(CommentModeration)

TABS = [
    ("pending", gettext_lazy("Pending")),
    ("flagged", gettext_lazy("Flagged")),
    ("approved", gettext_lazy("Approved")),
    ("rejected", gettext_lazy("Rejected")),
]
PER_PAGE = 50


def _open_reports():
    return CommentReport.objects.filter(comment_id=OuterRef("pk"), resolved_at__isnull=True)


def tab_queryset(tab):
    comments = XtdComment.norel_objects.filter(moderation__isnull=False)
    if tab == "flagged":
        return comments.filter(Exists(_open_reports()))
    return comments.filter(in_state(tab))


def tab_counts():
    """{tab: count} in two queries."""
    states = [tab for tab, _label in TABS if tab != "flagged"]
    counts = XtdComment.norel_objects.filter(moderation__isnull=False).aggregate(
        **{state: Count("pk", filter=in_state(state)) for state in states}
    )
    counts["flagged"] = tab_queryset("flagged").count()
    return counts


def extra_actions(comment, request):
    """Per-comment actions other apps add (e.g. 'forward as demand')."""
    return items(MODERATION_COMMENT_ACTIONS, comment, request)


class ModerationQueueView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = permission_policy
    permission_required = "view"
    template_name = "comments/admin/queue.html"
    page_title = gettext_lazy("Comment moderation")
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tab = self.request.GET.get("tab", "pending")
        if tab not in dict(TABS):
            tab = "pending"
        order = "submit_date" if tab in ("pending", "flagged") else "-moderation__decided_at"
        queryset = (tab_queryset(tab).select_related("user__resident_profile", "moderation", "moderation__decided_by")
                    .annotate(verified=badge("user_id")).order_by(order, "pk"))
        page = Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("p"))
        comments = list(page.object_list)
        ids = [c.pk for c in comments]
        reports = {}
        for report in CommentReport.objects.filter(comment_id__in=ids, resolved_at__isnull=True).order_by("created_at"):
            reports.setdefault(report.comment_id, []).append(report)
        pages = {str(p.pk): p for p in Page.objects.filter(pk__in={c.object_pk for c in comments})}
        rows = []
        for comment in comments:
            author, verified = author_of(comment)
            seen = services.review_state(comment, has_open_reports=comment.pk in reports)
            rows.append({
                "comment": comment, "moderation": comment.moderation, "author": author, "verified": verified,
                "page": pages.get(comment.object_pk), "reports": reports.get(comment.pk, []),
                "extra_actions": extra_actions(comment, self.request),
                "seen": seen, "may_approve": services.may("approve", seen), "may_reject": services.may("reject", seen),
            })
        counts = tab_counts()
        context.update(
            tab=tab, tabs=[(key, label, counts[key]) for key, label in TABS], rows=rows, page_obj=page,
            can_moderate=permissions.can_moderate(self.request.user), reject_form=RejectForm(), block_form=BlockForm(),
            now=timezone.now(),
        )
        return context


class ModerationActionView(PermissionCheckedMixin, View):
    """Base for the POST-only actions: only moderators may act."""

    permission_policy = permission_policy
    permission_required = "moderate"
    http_method_names = ["post"]

    def back(self):
        tab = self.request.POST.get("tab", "pending")
        return redirect(f"{reverse('comment_moderation:queue')}?tab={tab}")


class ApproveView(ModerationActionView):
    def post(self, request, comment_id):
        comment = get_object_or_404(XtdComment.norel_objects, pk=comment_id)
        try:
            services.approve(comment, by=request.user, expected=request.POST.get("expected"))
        except services.AlreadyHandled as exc:
            messages.warning(request, exc.message)
        except services.CommentRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Comment approved."))
        return self.back()


class RejectView(ModerationActionView):
    def post(self, request, comment_id):
        comment = get_object_or_404(XtdComment.norel_objects, pk=comment_id)
        try:
            services.reject(comment, by=request.user, reason=request.POST.get("reason", ""),
                            expected=request.POST.get("expected"))
        except services.AlreadyHandled as exc:
            messages.warning(request, exc.message)
        except services.CommentRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Comment rejected."))
        return self.back()


class BulkView(ModerationActionView):
    """Approve or reject the selected comments, each from the state its row showed (``expected-<pk>``)."""

    def post(self, request):
        ids = [int(i) for i in request.POST.getlist("comment") if i.isdigit()]
        action = request.POST.get("action")
        comments = list(XtdComment.norel_objects.filter(pk__in=ids))
        if not comments:
            messages.error(request, _("Select at least one comment."))
            return self.back()
        if action == "approve":
            decide = services.approve
            kwargs = {}
        elif action == "reject":
            reason = request.POST.get("bulk_reason", "").strip()
            if not reason:
                messages.error(request, _("Please give a reason: the author will see it."))
                return self.back()
            decide = services.reject
            kwargs = {"reason": reason}
        else:
            messages.error(request, _("Choose approve or reject."))
            return self.back()
        done = skipped = 0
        for comment in comments:
            try:
                decide(comment, by=request.user, expected=request.POST.get(f"expected-{comment.pk}"), **kwargs)
            except services.AlreadyHandled:
                skipped += 1
            except services.CommentRefused as exc:
                messages.error(request, exc.message)
            else:
                done += 1
        if done:
            messages.success(request, (_("%(n)s comments approved.") if action == "approve"
                                       else _("%(n)s comments rejected.")) % {"n": done})
        if skipped:
            messages.warning(request, ngettext(
                "%(n)s comment had already been handled and was left as it is.",
                "%(n)s comments had already been handled and were left as they are.",
                skipped,
            ) % {"n": skipped})
        return self.back()


class BlockAuthorView(ModerationActionView):
    def post(self, request, user_id):
        user = get_object_or_404(get_user_model(), pk=user_id)
        form = BlockForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the date and time the block ends."))
            return self.back()
        until = form.cleaned_data["until"]
        if isinstance(until, datetime) and timezone.is_naive(until):
            until = timezone.make_aware(until)
        try:
            services.block_author(user, until=until, by=request.user)
        except services.CommentRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The author cannot comment until %(date)s.") % {
                "date": timezone.localtime(until).strftime("%Y-%m-%d %H:%M")})
        return self.back()
