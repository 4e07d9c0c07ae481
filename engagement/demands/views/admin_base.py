"""What every demand admin screen shares: Wagtail's page furniture, the permission policy, and the one
handler for the lifecycle's actions (a table per screen: form, domain call, success message)."""

from dataclasses import dataclass
from typing import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .. import permissions as perms
from ..transitions import LIFECYCLE, TransitionNotAllowed, allows

PER_PAGE = 30


class DemandAdminView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A Wagtail admin screen guarded by the demands' permission policy (set ``permission_required``)."""

    header_icon = "help"
    permission_policy = perms.policy
    permission_required = "none"  # deny by default: every screen names its area

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def paginate(self, queryset):
        return Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("p"))


@dataclass(frozen=True)
class AdminAction:
    """One button of a demand screen: the lifecycle action it takes, the form it reads, the domain call."""

    lifecycle: str
    form: type
    perform: Callable  # (demand, cleaned_data, user) -> None; raises TransitionNotAllowed
    success: Callable  # (cleaned_data) -> message
    to_inbox: bool = False
    files: bool = False


def handle_action(request, demand, actions, action, *, back, inbox):
    """Check the policy, validate the form, call the domain, report (e.g. "already handled")."""
    spec = actions.get(action)
    if spec is None:
        raise Http404
    user = request.user
    if not perms.can(user, spec.lifecycle, demand):
        if not perms.ACTORS[LIFECYCLE[spec.lifecycle].actor](user, demand):
            raise PermissionDenied
        if not allows(spec.lifecycle, demand.status):
            return already_handled(request, demand, inbox if spec.to_inbox else back)
        # The state allows it but the hand-over (交办) does not: the domain refuses, saying to whom it went.
    form = spec.form(request.POST, request.FILES) if spec.files else spec.form(request.POST)
    if not form.is_valid():
        return form_errors(request, form, back)
    try:
        spec.perform(demand, form.cleaned_data, user)
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, spec.success(form.cleaned_data))
    return redirect(inbox if spec.to_inbox else back)


def run_action(request, fn, success, back):
    """Call a domain method outside the demand tables (extension decisions); report as handle_action."""
    try:
        fn()
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(back)


def form_errors(request, form, back):
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''} {error}".strip())
    return redirect(back)


def contact_context(request, demand):
    """Contact details only for who may see them, and only on request: each look is audited."""
    allowed = perms.can(request.user, "view_contact", demand)
    shown = None
    if allowed and request.GET.get("contact") == "1":
        shown = getattr(demand, "contact", None)
        demand.record_contact_view(by=request.user, note=request.path)
    return {"may_see_contact": allowed, "contact": shown}


def already_handled(request, demand, back):
    """The demand moved on while this user looked at it (another moderator or staff member acted)."""
    messages.error(request, _("Already handled: this demand is now “%(status)s”.")
                   % {"status": demand.get_status_display()})
    return redirect(back)
