"""Settings → Login lockouts: the (login, IP) pairs axes locks out now, an unlock button, the audit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from .lockouts import cool_off, current_lockouts, failure_limit, unlock
from .models import LoginAudit

AUDIT_ROWS = 50


def lockout_policy():
    from axes.models import AccessAttempt

    return ModelPermissionPolicy(AccessAttempt)


def can_see_lockouts(user):
    return lockout_policy().user_has_permission(user, "view")


class LockoutsView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "residents/admin/lockouts.html"
    page_title = gettext_lazy("Login lockouts")
    header_icon = "lock"
    permission_required = "view"

    @property
    def permission_policy(self):
        return lockout_policy()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        delta = cool_off()
        return super().get_context_data(
            lockouts=current_lockouts(),
            audit=list(LoginAudit.objects.select_related("actor")[:AUDIT_ROWS]),
            can_unlock=lockout_policy().user_has_permission(self.request.user, "delete"),
            failure_limit=failure_limit(),
            cool_off_minutes=int(delta.total_seconds() // 60) if delta else None,
            **kwargs,
        )

    def post(self, request):
        if not lockout_policy().user_has_permission(request.user, "delete"):
            raise PermissionDenied
        username = request.POST.get("username", "").strip()
        ip_address = request.POST.get("ip_address", "").strip() or None
        if not username and not ip_address:
            messages.error(request, _("Say which login to unlock."))
        else:
            unlock(username, ip_address, by=request.user)
            messages.success(request, _("%(login)s can log in again from %(ip)s.") % {
                "login": username or "—", "ip": ip_address or "—"})
        return redirect("residents_admin:lockouts")


app_name = "residents_admin"
urlpatterns = [path("lockouts/", LockoutsView.as_view(), name="lockouts")]
