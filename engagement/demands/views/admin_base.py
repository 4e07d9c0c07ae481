"""What every demand admin screen shares: Wagtail's page furniture, a permission gate, action posts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..permissions import can_view_contact
from ..transitions import TransitionNotAllowed

PER_PAGE = 30


class DemandAdminView(WagtailAdminTemplateMixin, TemplateView):
    """A Wagtail admin screen; `allowed(user)` is a function from permissions.py (deny by default)."""

    header_icon = "help"
    allowed = staticmethod(lambda user: False)

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def paginate(self, queryset):
        return Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("p"))


def run_action(request, fn, success, back):
    """Call a domain method; report TransitionNotAllowed as a message (e.g. "already handled")."""
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
    allowed = can_view_contact(request.user, demand)
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


def not_allowed():
    raise PermissionDenied(_("You may not do this."))
