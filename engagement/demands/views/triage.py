"""Triage (分拨) for Moderators: the inbox of submitted demands, forward / reject / merge / correct type,
staff entry of phone and in-person demands, and "forward as demand" from the comment queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.hooks import TRIAGE_PANELS, fragments
from content.site import site_url
from engagement.notifications.outbox import notify

from .. import permissions as perms
from ..forms import CommentDemandForm, ForwardForm, KindForm, MergeForm, ReasonForm, StaffDemandForm
from ..intake import submit_demand
from ..models import MAX_DESCRIPTION, Channel, Demand
from ..selectors import TRIAGE_SORTS, annotate_deadlines, triage_inbox
from .admin_base import AdminAction, DemandAdminView, contact_context, handle_action


class TriageInboxView(DemandAdminView):
    template_name = "demands/admin/triage_inbox.html"
    page_title = gettext_lazy("Demand triage")
    permission_required = "triage"

    def get_context_data(self, **kwargs):
        sort = self.request.GET.get("sort")
        sort = sort if sort in TRIAGE_SORTS else TRIAGE_SORTS[0]
        page = self.paginate(triage_inbox(sort))
        return super().get_context_data(page=page, sort=sort, demands=annotate_deadlines(list(page.object_list)),
                                        **kwargs)


TRIAGE_ACTIONS = {
    "forward": AdminAction(
        "forward", ForwardForm, lambda d, f, user: d.forward(to=f["department"], by=user, note=f["note"]),
        lambda f: _("Forwarded to %(dept)s.") % {"dept": f["department"]}, to_inbox=True),
    "reject": AdminAction(
        "reject", ReasonForm, lambda d, f, user: d.reject(by=user, reason=f["reason"]),
        lambda f: _("Rejected; the resident is told why."), to_inbox=True),
    "merge": AdminAction(
        "merge", MergeForm, lambda d, f, user: d.merge(into=f["into"], by=user),
        lambda f: _("Merged into %(number)s.") % {"number": f["into"].tracking_number}, to_inbox=True),
    "kind": AdminAction(
        "change_kind", KindForm, lambda d, f, user: d.change_kind(kind=f["kind"], by=user),
        lambda f: _("Type corrected.")),
}


class TriageDetailView(DemandAdminView):
    template_name = "demands/admin/triage_detail.html"
    permission_required = "triage"

    def get_demand(self):
        return get_object_or_404(
            Demand.objects.select_related("topic__default_department", "area", "department", "author"),
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return _("Triage %(number)s") % {"number": self.demand.tracking_number}

    def get(self, request, *args, **kwargs):
        self.demand = self.get_demand()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        d, user = self.demand, self.request.user
        suggested = d.topic.default_department
        return super().get_context_data(
            demand=d, photos=list(d.photos.all()), events=list(d.events.select_related("actor", "department")),
            forward_form=ForwardForm(initial={"department": suggested}), suggested=suggested,
            reject_form=ReasonForm(), merge_form=MergeForm(), kind_form=KindForm(initial={"kind": d.kind}),
            can_forward=perms.can(user, "forward", d), can_reject=perms.can(user, "reject", d),
            can_merge=perms.can(user, "merge", d), can_change_kind=perms.can(user, "change_kind", d),
            support_count=d.supports.count(),
            # Other apps (insights: likely departments, near-duplicates) add panels here.
            triage_panels=fragments(TRIAGE_PANELS, d, self.request),
            **contact_context(self.request, d), **kwargs,
        )

    def post(self, request, pk, action):
        d = self.get_demand()
        return handle_action(request, d, TRIAGE_ACTIONS, action,
                             back=reverse("demands_admin:triage_detail", args=[d.pk]),
                             inbox=reverse("demands_admin:triage"))


class StaffEntryView(DemandAdminView):
    """Enter a demand received by phone or in person (channel recorded), or forwarded from a comment."""

    template_name = "demands/admin/staff_entry.html"
    page_title = gettext_lazy("Enter a demand")
    permission_required = "enter"
    comment = None

    def get_comment(self):
        comment_id = self.kwargs.get("comment_id")
        if comment_id is None:
            return None
        if not perms.can(self.request.user, "forward_comment"):
            raise PermissionDenied
        from django_comments_xtd.models import XtdComment

        return get_object_or_404(XtdComment.objects.select_related("user", "content_type"), pk=comment_id)

    def get_page_title(self):
        return _("Forward a comment as a demand") if self.kwargs.get("comment_id") is not None else self.page_title

    def form_class(self):
        """From a comment the Moderator writes the title and the comment is the description; otherwise staff
        type in what a resident told them."""
        return CommentDemandForm if self.comment is not None else StaffDemandForm

    def initial(self):
        c = self.comment
        if c is None:
            return {"channel": Channel.PHONE, "is_public": "1"}
        # No title: the Moderator writes it (a comment's first words are rarely a title).
        return {
            "is_public": "1", "contact_name": c.user_name or (c.user.get_username() if c.user_id else ""),
            "contact_email": c.user_email or (c.user.email if c.user_id else ""),
        }

    def get(self, request, *args, **kwargs):
        self.comment = self.get_comment()
        return self.render_to_response(self.get_context_data(form=self.form_class()(initial=self.initial())))

    def post(self, request, *args, **kwargs):
        self.comment = self.get_comment()
        form = self.form_class()(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        c = self.comment
        author = c.user if (c is not None and c.user_id) else None
        description = (c.comment or "").strip()[:MAX_DESCRIPTION] if c is not None else data["description"]
        if not description:
            form.add_error(None, _("This comment has no text to become the demand's description."))
            return self.render_to_response(self.get_context_data(form=form))
        demand = submit_demand(
            title=data["title"], description=description, topic=data["topic"], area=data["area"],
            kind=data["kind"], is_public=data["is_public"], author=author,
            channel=Channel.COMMENT if c is not None else data["channel"], contact=form.contact(),
            photos=data["photos"], comment_id=c.pk if c is not None else None, by=request.user,
        )
        if c is not None:
            email = (c.user.email if c.user_id else "") or c.user_email
            notify(email, _("Your comment became demand %(number)s") % {"number": demand.tracking_number},
                   _("A moderator forwarded your comment as a demand. Follow it here: %(url)s") % {
                       "url": site_url(demand.get_absolute_url())},
                   user=author, kind="comment_forwarded_as_demand")
        messages.success(request, _("Demand %(number)s created.") % {"number": demand.tracking_number})
        return redirect("demands_admin:triage_detail", demand.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(comment=self.comment, **kwargs)
